import type { IEventBusModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

const BATCH = 500

/**
 * Emits the events the ledger wrote with its rows (points expired, expiring,
 * available) on the app's event bus, oldest first, until none are left. No
 * compensation: an event that went out cannot be called back.
 */
export const deliverLoyaltyEventsStep = createStep("loyalty-deliver-events", async (_: void, { container }) => {
  const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  const eventBus: IEventBusModuleService = container.resolve(Modules.EVENT_BUS)
  let delivered = 0
  for (;;) {
    const sent = await loyalty.deliverEvents(BATCH, (events) =>
      eventBus.emit(events.map(({ name, data }) => ({ name, data })))
    )
    delivered += sent
    if (sent < BATCH) {
      return new StepResponse(delivered)
    }
  }
})
