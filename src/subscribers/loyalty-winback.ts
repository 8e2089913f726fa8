import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notifyShopper } from "../workflows/notifications/notify-shopper"

/** `loyalty.winback` to the shopper, when the `notifications` setting names a channel for it. */
export default async function loyaltyWinbackHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  await notifyShopper(container, "winback", event.data)
}

export const config: SubscriberConfig = {
  event: "loyalty.winback",
  context: { subscriberId: "loyalty-notify-winback" },
}
