import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { changeReferralCodeStep } from "../steps/change-referral-code"

/** A shopper replaces their referral code with one of their own, once; links with the old one keep working. */
export const changeReferralCodeWorkflow = createWorkflow(
  "loyalty-change-referral-code",
  (input: { customer_id: string; code: string }) => new WorkflowResponse(changeReferralCodeStep(input))
)
