import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { decideOverdueReferralsStep } from "../steps/decide-overdue-referrals"

/** One batch of flagged referrals past their review deadline, decided by the program's review_default. */
export const decideOverdueReferralsWorkflow = createWorkflow(
  "loyalty-decide-overdue-referrals",
  (input: { limit: number; now?: Date }) => new WorkflowResponse(decideOverdueReferralsStep(input))
)
