import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"

/** Placeholder until referral rewards land: the review queue calls it when a referral is approved. */
const rewardReferralOrdersStep = createStep("loyalty-reward-referral-orders", async (_input: { referral_id: string }) => {
  return new StepResponse(null)
})

/**
 * Pays a referral's waiting rewards: every order of the referee that earns
 * one under the program's `referrals` setting (idempotent per order; an
 * approved flag calls it, and so does a redelivered order.placed).
 */
export const rewardReferralOrdersWorkflow = createWorkflow(
  "loyalty-reward-referral-orders",
  (input: { referral_id: string }) => {
    return new WorkflowResponse(rewardReferralOrdersStep(input))
  }
)
