import type { IEventBusModuleService, Logger, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"

const BATCH = 1000

/**
 * Emits the events the ledger wrote with its rows on the app's event bus, oldest first, in
 * batches, until none are left; returns how many went out. Each batch is taken SKIP LOCKED
 * and deleted once the bus took it, so two deliveries at once send each event once. They go
 * out as `internal`, as Medusa's modules emit theirs: the bus does not log each one (a
 * nightly expiry would log a line per shopper), and the Redis bus queues them at module
 * events' priority.
 */
export async function deliverOutboxEvents(container: MedusaContainer): Promise<number> {
  const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  const eventBus: IEventBusModuleService = container.resolve(Modules.EVENT_BUS)
  let delivered = 0
  for (;;) {
    const sent = await loyalty.deliverEvents(BATCH, (events) =>
      eventBus.emit(
        events.map(({ name, data }) => ({ name, data })),
        { internal: true }
      )
    )
    delivered += sent
    if (sent < BATCH) {
      return delivered
    }
  }
}

/**
 * Delivery beside a job that is still writing events: `poke()` after a batch that wrote some
 * starts `deliver` (or asks the running one to look again), so the events go out while the
 * job's next batches run rather than all after them. `finish()` waits for it. A failed
 * delivery is logged and left: the events stay in the outbox for the job's own delivery step.
 */
export function deliverAlongside(deliver: () => Promise<number>, logger: Pick<Logger, "warn">) {
  let running: Promise<void> | null = null
  let again = false
  let delivered = 0
  const drain = async () => {
    try {
      do {
        again = false
        delivered += await deliver()
      } while (again)
    } catch (error) {
      logger.warn(`medusa-loyalty: events will go out at the end of the job: ${(error as Error).message}`)
    } finally {
      running = null
    }
  }
  return {
    poke() {
      if (running) again = true
      else running = drain()
    },
    async finish(): Promise<number> {
      while (running) await running
      return delivered
    },
  }
}
