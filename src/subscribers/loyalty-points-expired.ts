import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notifyShopper } from "../workflows/notifications/notify-shopper"

/** `loyalty.points_expired` to the shopper, when the `notifications` setting names a channel for it. */
export default async function loyaltyPointsExpiredHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  await notifyShopper(container, "points_expired", event.data)
}

export const config: SubscriberConfig = {
  event: "loyalty.points_expired",
  context: { subscriberId: "loyalty-notify-points-expired" },
}
