import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { sendLoyaltyNotificationWorkflow } from "../workflows"

/** `loyalty.winback` to the shopper, when the `notifications` setting names a channel for it. */
export default async function loyaltyWinbackHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  await sendLoyaltyNotificationWorkflow(container).run({ input: { event: "winback", data: event.data } })
}

export const config: SubscriberConfig = {
  event: "loyalty.winback",
  context: { subscriberId: "loyalty-notify-winback" },
}
