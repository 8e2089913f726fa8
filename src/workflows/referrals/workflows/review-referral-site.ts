import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ReviewReferralSiteInput } from "../../../types/loyalty"
import { reviewReferralSiteStep } from "../steps/referral-sites"

/** An admin approves a verified referring site (its visits bind from then on) or rejects one with a reason. */
export const reviewReferralSiteWorkflow = createWorkflow(
  "loyalty-review-referral-site",
  (input: ReviewReferralSiteInput) => new WorkflowResponse(reviewReferralSiteStep(input))
)
