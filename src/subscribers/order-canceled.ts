import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { cancelOrderPoints } from "../workflows/orders/order-points"

/** A canceled order loses what it earned and gives back the points spent on it (or still held for it). */
export default async function orderCanceledHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await cancelOrderPoints(container, event.data.id)
}

export const config: SubscriberConfig = {
  event: "order.canceled",
  context: { subscriberId: "loyalty-order-canceled" },
}
