import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService, ReviewReferralInput } from "../../../types/loyalty"

/**
 * An admin's decision on a referral (approve, reject, unbind). The same one
 * again replays; a wrong one is refused with a 400. No compensation: an
 * approval whose rewards failed stays approved, and approving again (a
 * replay) pays what is missing, as the deadline's approvals are finished.
 */
export const reviewReferralStep = createStep(
  "loyalty-review-referral",
  async (input: ReviewReferralInput, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const result = await loyalty.reviewReferral(input)
    return new StepResponse(result.referral)
  }
)
