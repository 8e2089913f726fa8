import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { sendLoyaltyNotificationWorkflow } from "../workflows"

/** `loyalty.bonus_granted` to the shopper, when the `notifications` setting names a channel for it. */
export default async function loyaltyBonusGrantedHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  await sendLoyaltyNotificationWorkflow(container).run({ input: { event: "bonus_granted", data: event.data } })
}

export const config: SubscriberConfig = {
  event: "loyalty.bonus_granted",
  context: { subscriberId: "loyalty-notify-bonus-granted" },
}
