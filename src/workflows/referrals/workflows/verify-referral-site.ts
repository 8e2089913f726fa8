import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { checkReferralSiteStep, markReferralSiteVerifiedStep } from "../steps/referral-sites"

/** The referrer asks for the check: the token found on their site verifies it, and it waits for an admin. */
export const verifyReferralSiteWorkflow = createWorkflow(
  "loyalty-verify-referral-site",
  (input: { customer_id: string; site_id: string }) => {
    const checked = checkReferralSiteStep(input)
    const mark = transform({ input, checked }, ({ input, checked }) => ({ ...input, was: checked.status }))
    return new WorkflowResponse(markReferralSiteVerifiedStep(mark))
  }
)
