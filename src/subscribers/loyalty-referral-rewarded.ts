import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { sendLoyaltyNotificationWorkflow } from "../workflows"

/** `loyalty.referral_rewarded` to the shopper, when the `notifications` setting names a channel for it. */
export default async function loyaltyReferralRewardedHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  await sendLoyaltyNotificationWorkflow(container).run({ input: { event: "referral_rewarded", data: event.data } })
}

export const config: SubscriberConfig = {
  event: "loyalty.referral_rewarded",
  context: { subscriberId: "loyalty-notify-referral-rewarded" },
}
