import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"
import { bindVisitSite, grantExternalSourceBonus } from "./referral-visits"

/** Where a storefront puts the visit id in the cart; Medusa copies cart metadata to the order. */
export const VISIT_METADATA_KEY = "loyalty_visit_id"

/**
 * The visit a registered shopper's order carries (cart metadata
 * `loyalty_visit_id`): its approved site binds the shopper to the site's
 * owner if this is their first order and nothing bound them before (a code
 * or coupon wins), and an external source brings its bonus once. An unknown
 * or stale visit is ignored: the order goes on. No compensation: both are
 * once per shopper, and a redelivered order.placed replays them.
 */
export const bindOrderVisitStep = createStep("loyalty-bind-order-visit", async (input: { order_id: string }, { container }) => {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["id", "metadata", "customer.id", "customer.has_account"],
    filters: { id: input.order_id },
  })
  const order = orders[0]
  const visitId = order?.metadata?.[VISIT_METADATA_KEY]
  if (!order?.customer?.has_account || typeof visitId !== "string" || visitId.length > 100) {
    return new StepResponse(null)
  }
  const visit = await container.resolve<ILoyaltyModuleService>(LOYALTY_MODULE).retrieveReferralVisit(visitId)
  if (!visit) {
    return new StepResponse(null)
  }
  const customer_id = order.customer.id
  const binding = await bindVisitSite(container, { customer_id, visit, order_id: order.id })
  const bonus = await grantExternalSourceBonus(container, { customer_id, visit })
  return new StepResponse({ referral: binding?.referral ?? null, bonus_id: bonus?.id ?? null })
})
