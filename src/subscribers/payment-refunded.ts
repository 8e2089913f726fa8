import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { settleOrderPointsWorkflow } from "../workflows"

/**
 * A refund that no return explains lowers what the order keeps. Refunds for
 * returns change nothing here: the return already settled those items.
 */
export default async function paymentRefundedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [payment],
  } = await query.graph({
    entity: "payment",
    fields: ["id", "refunds.id", "payment_collection.order.id"],
    filters: { id: event.data.id },
  })
  const orderId = (payment as any)?.payment_collection?.order?.id
  if (!orderId) {
    return
  }
  const refunds = ((payment as any).refunds ?? []).map((refund: any) => refund.id).sort()
  await settleOrderPointsWorkflow(container).run({
    input: { order_id: orderId, cause: `refund:${refunds.at(-1) ?? payment.id}` },
  })
}

export const config: SubscriberConfig = {
  event: "payment.refunded",
  context: { subscriberId: "loyalty-payment-refunded" },
}
