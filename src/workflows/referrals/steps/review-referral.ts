import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService, LoyaltyReferralDTO, ReviewReferralInput } from "../../../types/loyalty"

/**
 * An admin's decision on a referral (approve, reject, unbind). The same one
 * again replays; a wrong one is refused with a 400. Compensation puts the
 * status and review back when a later step fails (a replay changed nothing).
 */
export const reviewReferralStep = createStep(
  "loyalty-review-referral",
  async (input: ReviewReferralInput, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const result = await loyalty.reviewReferral(input)
    return new StepResponse(result.referral, result.replayed ? null : result.previous)
  },
  async (previous: LoyaltyReferralDTO | null | undefined, { container }) => {
    if (previous) {
      await container.resolve<ILoyaltyModuleService>(LOYALTY_MODULE).restoreReferralReview(previous)
    }
  }
)
