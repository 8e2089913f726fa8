import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { settleOrderPointsWorkflow } from "../workflows"

/** Returned items stop earning, and the points spent on them come back. */
export default async function orderReturnReceivedHandler({
  event,
  container,
}: SubscriberArgs<{ order_id: string; return_id: string }>) {
  await settleOrderPointsWorkflow(container).run({
    input: { order_id: event.data.order_id, cause: `return:${event.data.return_id}` },
  })
}

export const config: SubscriberConfig = {
  event: "order.return_received",
  context: { subscriberId: "loyalty-order-return-received" },
}
