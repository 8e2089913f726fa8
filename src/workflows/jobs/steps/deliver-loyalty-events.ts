import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { deliverOutboxEvents } from "../lib/event-delivery"

/**
 * Emits the events the ledger wrote with its rows (order points, bonuses,
 * tiers, expiry, drift) on the app's event bus, oldest first, until none are left. No
 * compensation: an event that went out cannot be called back.
 */
export const deliverLoyaltyEventsStep = createStep("loyalty-deliver-events", async (_: void, { container }) => {
  return new StepResponse(await deliverOutboxEvents(container))
})
