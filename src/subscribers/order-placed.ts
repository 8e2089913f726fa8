import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { accrueOrderPointsWorkflow } from "../workflows"

/** A placed order earns points (pending for the return window). */
export default async function orderPlacedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await accrueOrderPointsWorkflow(container).run({ input: { order_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "loyalty-order-placed" },
}
