import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"

/**
 * One batch of the review deadline: the program's review_default for flagged
 * referrals past their deadline, each decided once however many runs overlap.
 * No compensation: the decision is the workflow's only write and its last step.
 */
export const decideOverdueReferralsStep = createStep(
  "loyalty-decide-overdue-referrals",
  async (input: { limit: number; now?: Date }, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    return new StepResponse(await loyalty.decideOverdueReferrals(input))
  }
)
