import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"

/**
 * The shopper's own referral code, once. No compensation: the one change is
 * the shopper's choice, not a step to undo (the old code keeps working).
 */
export const changeReferralCodeStep = createStep(
  "loyalty-change-referral-code",
  async (input: { customer_id: string; code: string }, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    return new StepResponse(await loyalty.changeReferralCode(input.customer_id, input.code))
  }
)
