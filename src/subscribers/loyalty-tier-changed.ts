import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { sendLoyaltyNotificationWorkflow } from "../workflows"

/** `loyalty.tier_changed` to the shopper, when the `notifications` setting names a channel for it. */
export default async function loyaltyTierChangedHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  await sendLoyaltyNotificationWorkflow(container).run({ input: { event: "tier_changed", data: event.data } })
}

export const config: SubscriberConfig = {
  event: "loyalty.tier_changed",
  context: { subscriberId: "loyalty-notify-tier-changed" },
}
