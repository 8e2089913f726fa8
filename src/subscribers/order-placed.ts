import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { placeOrderPoints } from "../workflows/orders/order-points"

/** A placed order pays the points held for its cart, then earns points (pending for the return window). */
export default async function orderPlacedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await placeOrderPoints(container, event.data.id)
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "loyalty-order-placed" },
}
