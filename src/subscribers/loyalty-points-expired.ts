import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { sendLoyaltyNotificationWorkflow } from "../workflows"

/** `loyalty.points_expired` to the shopper, when the `notifications` setting names a channel for it. */
export default async function loyaltyPointsExpiredHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  await sendLoyaltyNotificationWorkflow(container).run({ input: { event: "points_expired", data: event.data } })
}

export const config: SubscriberConfig = {
  event: "loyalty.points_expired",
  context: { subscriberId: "loyalty-notify-points-expired" },
}
