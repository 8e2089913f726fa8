import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { settleOrderPointsWorkflow } from "../workflows"

/** A canceled order loses what it earned and gives back the points spent on it. */
export default async function orderCanceledHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await settleOrderPointsWorkflow(container).run({
    input: { order_id: event.data.id, cause: `cancel:${event.data.id}` },
  })
}

export const config: SubscriberConfig = {
  event: "order.canceled",
  context: { subscriberId: "loyalty-order-canceled" },
}
