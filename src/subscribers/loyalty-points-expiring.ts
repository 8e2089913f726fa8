import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notifyShopper } from "../workflows/notifications/notify-shopper"

/** `loyalty.points_expiring` to the shopper, when the `notifications` setting names a channel for it. */
export default async function loyaltyPointsExpiringHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  await notifyShopper(container, "points_expiring", event.data)
}

export const config: SubscriberConfig = {
  event: "loyalty.points_expiring",
  context: { subscriberId: "loyalty-notify-points-expiring" },
}
