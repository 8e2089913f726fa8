import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { registerReferralSiteStep } from "../steps/referral-sites"

/** A referrer registers a site of theirs and gets the token to put on it. */
export const registerReferralSiteWorkflow = createWorkflow(
  "loyalty-register-referral-site",
  (input: { customer_id: string; origin: string }) => new WorkflowResponse(registerReferralSiteStep(input))
)
