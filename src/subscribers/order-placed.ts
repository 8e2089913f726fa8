import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { accrueOrderPointsWorkflow, commitOrderPointsWorkflow } from "../workflows"

/** A placed order pays the points held for its cart, then earns points (pending for the return window). */
export default async function orderPlacedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await commitOrderPointsWorkflow(container).run({ input: { order_id: event.data.id } })
  await accrueOrderPointsWorkflow(container).run({ input: { order_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "loyalty-order-placed" },
}
