import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService, ReferralSource } from "../../../types/loyalty"
import { hasOrdered } from "../customer-orders"

export type BindReferralStepInput = { customer_id: string; code: string; source: ReferralSource }

/**
 * Binds the shopper to the owner of `code` if they are new: no order yet,
 * neither theirs nor a guest order under their e-mail.
 * A refusal is recorded by the module and then answered as a 400 with its
 * reason. No compensation: a binding is for good (an admin may unbind it).
 */
export const bindReferralStep = createStep(
  "loyalty-bind-referral",
  async (input: BindReferralStepInput, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const result = await loyalty.bindReferral({
      referee_customer_id: input.customer_id,
      code: input.code,
      source: input.source,
      has_orders: await hasOrdered(query, input.customer_id),
    })
    if (result.refused) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, result.message)
    }
    return new StepResponse(result.referral)
  }
)
