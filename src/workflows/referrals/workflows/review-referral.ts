import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ReferralDecision } from "../../../types/loyalty"
import { reviewReferralStep } from "../steps/review-referral"
import { rewardReferralOrdersWorkflow } from "./reward-referral-orders"

/** What an admin sends with a decision: the referral, themselves, and the reason (required to reject or unbind). */
export type ReviewReferralWorkflowInput = { referral_id: string; reviewed_by: string; note?: string | null }

const decide = (decision: ReferralDecision) => (input: ReviewReferralWorkflowInput) => ({ ...input, decision })

/**
 * An admin approves a flagged referral: it is bound again and its waiting
 * rewards are paid (the reward workflow is idempotent per order, so a
 * repeated approval, which replays, pays nothing twice and finishes one that failed).
 */
export const approveReferralWorkflow = createWorkflow("loyalty-approve-referral", (input: ReviewReferralWorkflowInput) => {
  const referral = reviewReferralStep(transform({ input }, ({ input }) => decide("approve")(input)))
  rewardReferralOrdersWorkflow.runAsStep({ input: transform({ referral }, ({ referral }) => ({ referral_id: referral.id })) })
  return new WorkflowResponse(referral)
})

/** An admin rejects a flagged referral: its rewards never come. */
export const rejectReferralWorkflow = createWorkflow("loyalty-reject-referral", (input: ReviewReferralWorkflowInput) => {
  return new WorkflowResponse(reviewReferralStep(transform({ input }, ({ input }) => decide("reject")(input))))
})

/** An admin unbinds a bound or flagged referral: future rewards stop; rows already in the ledger stay. */
export const unbindReferralWorkflow = createWorkflow("loyalty-unbind-referral", (input: ReviewReferralWorkflowInput) => {
  return new WorkflowResponse(reviewReferralStep(transform({ input }, ({ input }) => decide("unbind")(input))))
})
