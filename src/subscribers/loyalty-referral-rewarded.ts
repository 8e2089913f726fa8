import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notifyShopper } from "../workflows/notifications/notify-shopper"

/** `loyalty.referral_rewarded` to the shopper, when the `notifications` setting names a channel for it. */
export default async function loyaltyReferralRewardedHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  await notifyShopper(container, "referral_rewarded", event.data)
}

export const config: SubscriberConfig = {
  event: "loyalty.referral_rewarded",
  context: { subscriberId: "loyalty-notify-referral-rewarded" },
}
