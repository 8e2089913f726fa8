import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { LOYALTY_TIERS_CHANGED, recomputeTiersWorkflow } from "../workflows"

/** An admin added, changed or removed a tier: every shopper moves to the tier they now reach. */
export default async function tiersChangedHandler({ container }: SubscriberArgs<{ id: string }>) {
  await recomputeTiersWorkflow(container).run({ input: {} })
}

export const config: SubscriberConfig = {
  event: LOYALTY_TIERS_CHANGED,
  context: { subscriberId: "loyalty-tiers-changed" },
}
