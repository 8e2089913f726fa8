import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { reconcileCartPoints } from "../workflows/checkout/reconcile-cart-points"

/** A changed cart (items, region, promotion codes, owner) keeps only the points it still takes. */
export default async function cartUpdatedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await reconcileCartPoints(container, event.data.id)
}

export const config: SubscriberConfig = {
  event: ["cart.updated", "cart.customer_transferred"],
  context: { subscriberId: "loyalty-cart-updated" },
}
