import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notifyShopper } from "../workflows/notifications/notify-shopper"

/** `loyalty.bonus_granted` to the shopper, when the `notifications` setting names a channel for it. */
export default async function loyaltyBonusGrantedHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  await notifyShopper(container, "bonus_granted", event.data)
}

export const config: SubscriberConfig = {
  event: "loyalty.bonus_granted",
  context: { subscriberId: "loyalty-notify-bonus-granted" },
}
