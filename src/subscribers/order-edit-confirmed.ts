import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { settleOrderPointsWorkflow } from "../workflows"

/**
 * A confirmed edit settles the order as it now stands: removed units give
 * back their share of the points discount, added items earn. Medusa sends
 * the edit's actions, each naming the order change.
 */
export default async function orderEditConfirmedHandler({
  event,
  container,
}: SubscriberArgs<{ order_id: string; actions?: { order_change_id?: string }[] }>) {
  const changeId = event.data.actions?.find((action) => action?.order_change_id)?.order_change_id
  await settleOrderPointsWorkflow(container).run({
    input: { order_id: event.data.order_id, cause: `edit:${changeId ?? event.data.order_id}` },
  })
}

export const config: SubscriberConfig = {
  event: "order-edit.confirmed",
  context: { subscriberId: "loyalty-order-edit-confirmed" },
}
