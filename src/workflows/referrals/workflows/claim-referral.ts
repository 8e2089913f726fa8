import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deliverLoyaltyEventsStep } from "../../jobs/steps/deliver-loyalty-events"
import { bindReferralStep, type BindReferralStepInput } from "../steps/bind-referral"

/** A new shopper gives a referral code (typed, or kept from a referral link) and is bound to its owner. */
export const claimReferralWorkflow = createWorkflow("loyalty-claim-referral", (input: BindReferralStepInput) => {
  const referral = bindReferralStep(input)
  // The binding and its loyalty.referral_bound are committed together; sending can wait.
  deliverLoyaltyEventsStep().config({ continueOnPermanentFailure: true })
  return new WorkflowResponse(referral)
})
