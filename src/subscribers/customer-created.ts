import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { grantWelcomeBonusWorkflow } from "../workflows"

/** A registered shopper gets a loyalty account and the welcome bonus (createCustomersWorkflow emits `{ id }`). */
export default async function customerCreatedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await grantWelcomeBonusWorkflow(container).run({ input: { customer_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: "customer.created",
  context: { subscriberId: "loyalty-customer-created" },
}
