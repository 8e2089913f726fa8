import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { generateReferralCode } from "../../../lib/referral-code"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"

/** Draws before giving up; from the sixth on the random part is two characters longer. */
const ATTEMPTS = 10
const LONGER_AFTER = 5

/**
 * Gives the shopper a referral code made from their first name if they have
 * none; returns their code. A drawn code another shopper has is drawn again.
 * No compensation: a code, once given, is the shopper's (a second run returns it).
 */
export const ensureReferralCodeStep = createStep(
  "loyalty-ensure-referral-code",
  async (input: { customer_id: string }, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: customers } = await query.graph({ entity: "customer", fields: ["first_name"], filters: { id: input.customer_id } })
    const firstName = customers[0]?.first_name ?? null
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const code = await loyalty.assignReferralCode(input.customer_id, generateReferralCode(firstName, attempt >= LONGER_AFTER ? 2 : 0))
      if (code) {
        return new StepResponse(code)
      }
    }
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `No free referral code found for customer ${input.customer_id} in ${ATTEMPTS} draws`)
  }
)
