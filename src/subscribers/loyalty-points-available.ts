import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { sendLoyaltyNotificationWorkflow } from "../workflows"

/** `loyalty.points_available` to the shopper, when the `notifications` setting names a channel for it. */
export default async function loyaltyPointsAvailableHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  await sendLoyaltyNotificationWorkflow(container).run({ input: { event: "points_available", data: event.data } })
}

export const config: SubscriberConfig = {
  event: "loyalty.points_available",
  context: { subscriberId: "loyalty-notify-points-available" },
}
