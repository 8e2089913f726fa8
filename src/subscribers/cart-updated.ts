import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { reconcileCartPoints } from "../workflows/checkout/reconcile-cart-points"

/** A changed cart keeps only the points its new contents allow. */
export default async function cartUpdatedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await reconcileCartPoints(container, event.data.id)
}

export const config: SubscriberConfig = {
  event: "cart.updated",
  context: { subscriberId: "loyalty-cart-updated" },
}
