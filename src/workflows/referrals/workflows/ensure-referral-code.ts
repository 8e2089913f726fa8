import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ensureReferralCodeStep } from "../steps/ensure-referral-code"

/** The shopper's referral code, given on first need (registration, or the first read of an older account). */
export const ensureReferralCodeWorkflow = createWorkflow(
  "loyalty-ensure-referral-code",
  (input: { customer_id: string }) => new WorkflowResponse(ensureReferralCodeStep(input))
)
