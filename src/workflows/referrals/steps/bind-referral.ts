import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { BindReferralResult, ILoyaltyModuleService, ReferralSource } from "../../../types/loyalty"

export type BindReferralStepInput = {
  customer_id: string
  /** A code (typed, from a link, or a coupon's), or a referring site owner's account. */
  code?: string | null
  referrer_account_id?: string | null
  source: ReferralSource
  metadata?: Record<string, unknown> | null
  /** The order being placed, when the binding comes with it: it is not an earlier order. */
  order_id?: string | null
}

/**
 * Binds the shopper to the referrer if they are new: no order yet (but the
 * one being placed), neither theirs nor a guest order under their e-mail.
 * A refusal is recorded by the module and returned.
 */
export async function bindShopperReferral(container: MedusaContainer, input: BindReferralStepInput): Promise<BindReferralResult> {
  const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: customers } = await query.graph({ entity: "customer", fields: ["email"], filters: { id: input.customer_id } })
  const email = customers[0]?.email
  // An order of this customer, or one placed as a guest with their e-mail before they registered.
  const theirs = email ? { $or: [{ customer_id: input.customer_id }, { email }] } : { customer_id: input.customer_id }
  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["id"],
    filters: input.order_id ? { $and: [theirs, { id: { $ne: input.order_id } }] } : theirs,
    pagination: { take: 1, skip: 0 },
  })
  return loyalty.bindReferral({
    referee_customer_id: input.customer_id,
    code: input.code,
    referrer_account_id: input.referrer_account_id,
    source: input.source,
    metadata: input.metadata,
    has_orders: orders.length > 0,
  })
}

/**
 * bindShopperReferral for a code the shopper gave: a refusal is answered as a
 * 400 with its reason. No compensation: a binding is for good (an admin may unbind it).
 */
export const bindReferralStep = createStep(
  "loyalty-bind-referral",
  async (input: BindReferralStepInput, { container }) => {
    const result = await bindShopperReferral(container, input)
    if (result.refused) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, result.message)
    }
    return new StepResponse(result.referral)
  }
)
