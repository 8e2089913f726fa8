import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notifyShopper } from "../workflows/notifications/notify-shopper"

/** `loyalty.points_available` to the shopper, when the `notifications` setting names a channel for it. */
export default async function loyaltyPointsAvailableHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  await notifyShopper(container, "points_available", event.data)
}

export const config: SubscriberConfig = {
  event: "loyalty.points_available",
  context: { subscriberId: "loyalty-notify-points-available" },
}
