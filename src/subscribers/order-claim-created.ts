import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { settleOrderPointsWorkflow } from "../workflows"

/**
 * A confirmed claim: units a refund claim writes off stop earning and give
 * back their share of the points spent; replacement items sent at a price
 * earn. Claimed items that come back settle when their return is received.
 */
export default async function orderClaimCreatedHandler({
  event,
  container,
}: SubscriberArgs<{ order_id: string; claim_id: string }>) {
  await settleOrderPointsWorkflow(container).run({
    input: { order_id: event.data.order_id, cause: `claim:${event.data.claim_id}` },
  })
}

export const config: SubscriberConfig = {
  event: "order.claim_created",
  context: { subscriberId: "loyalty-order-claim-created" },
}
