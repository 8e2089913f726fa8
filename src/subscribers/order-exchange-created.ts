import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { settleOrderPointsWorkflow } from "../workflows"

/**
 * A confirmed exchange: the items sent out earn now; the items coming back
 * settle like any return when it is received (order.return_received).
 */
export default async function orderExchangeCreatedHandler({
  event,
  container,
}: SubscriberArgs<{ order_id: string; exchange_id: string }>) {
  await settleOrderPointsWorkflow(container).run({
    input: { order_id: event.data.order_id, cause: `exchange:${event.data.exchange_id}` },
  })
}

export const config: SubscriberConfig = {
  event: "order.exchange_created",
  context: { subscriberId: "loyalty-order-exchange-created" },
}
