import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notifyShopper } from "../workflows/notifications/notify-shopper"

/** `loyalty.points_earned` to the shopper, when the `notifications` setting names a channel for it. */
export default async function loyaltyPointsEarnedHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  await notifyShopper(container, "points_earned", event.data)
}

export const config: SubscriberConfig = {
  event: "loyalty.points_earned",
  context: { subscriberId: "loyalty-notify-points-earned" },
}
