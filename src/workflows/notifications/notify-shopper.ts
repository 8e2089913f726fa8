import type { MedusaContainer } from "@medusajs/framework/types"
import pLimit from "p-limit"
import type { NotifiedEvent } from "../../lib/notified-events"
import { LOYALTY_MODULE } from "../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../types/loyalty"
import { sendLoyaltyNotificationWorkflow } from "./workflows/send-loyalty-notification"

/** Loyalty events one process handles for notifications at once. */
const AT_ONCE = 8

const queues = new WeakMap<object, ReturnType<typeof pLimit>>()

/**
 * What each notification subscriber does, a few events at a time per process:
 * a nightly job emits an event per shopper, and Medusa's local event bus runs
 * every subscriber at once, so a burst waits here instead of on the database
 * pool. An event the `notifications` setting leaves out (the default leaves out
 * all) costs one read of the settings and starts no workflow.
 */
export async function notifyShopper(container: MedusaContainer, event: NotifiedEvent, data: Record<string, any>) {
  const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  let queue = queues.get(loyalty)
  if (!queue) {
    queue = pLimit(AT_ONCE)
    queues.set(loyalty, queue)
  }
  await queue(async () => {
    const { notifications } = await loyalty.getProgramSettings()
    if (notifications?.[event]) {
      await sendLoyaltyNotificationWorkflow(container).run({ input: { event, data } })
    }
  })
}
