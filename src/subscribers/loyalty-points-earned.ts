import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { sendLoyaltyNotificationWorkflow } from "../workflows"

/** `loyalty.points_earned` to the shopper, when the `notifications` setting names a channel for it. */
export default async function loyaltyPointsEarnedHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  await sendLoyaltyNotificationWorkflow(container).run({ input: { event: "points_earned", data: event.data } })
}

export const config: SubscriberConfig = {
  event: "loyalty.points_earned",
  context: { subscriberId: "loyalty-notify-points-earned" },
}
