import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { sendLoyaltyNotificationWorkflow } from "../workflows"

/** `loyalty.points_expiring` to the shopper, when the `notifications` setting names a channel for it. */
export default async function loyaltyPointsExpiringHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  await sendLoyaltyNotificationWorkflow(container).run({ input: { event: "points_expiring", data: event.data } })
}

export const config: SubscriberConfig = {
  event: "loyalty.points_expiring",
  context: { subscriberId: "loyalty-notify-points-expiring" },
}
