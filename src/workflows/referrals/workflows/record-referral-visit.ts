import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { type RecordVisitInput, recordReferralVisitStep } from "../steps/referral-visits"

/** A storefront reports where a visitor arrived from; the visit the shopper may later register or order with. */
export const recordReferralVisitWorkflow = createWorkflow(
  "loyalty-record-referral-visit",
  (input: RecordVisitInput) => new WorkflowResponse(recordReferralVisitStep(input))
)
