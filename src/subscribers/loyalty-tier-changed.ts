import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notifyShopper } from "../workflows/notifications/notify-shopper"

/** `loyalty.tier_changed` to the shopper, when the `notifications` setting names a channel for it. */
export default async function loyaltyTierChangedHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  await notifyShopper(container, "tier_changed", event.data)
}

export const config: SubscriberConfig = {
  event: "loyalty.tier_changed",
  context: { subscriberId: "loyalty-notify-tier-changed" },
}
