import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deliverLoyaltyEventsStep } from "../../jobs/steps/deliver-loyalty-events"
import { bindReferralStep } from "../steps/bind-referral"
import { bindVisitSiteStep, grantExternalSourceBonusStep, loadReferralVisitStep } from "../steps/referral-visits"

export type ClaimReferralInput = {
  customer_id: string
  code?: string | null
  visit_id?: string | null
  /** Keyed hashes of the claim's IP and of its IP and user agent, for the anti-fraud checks. */
  ip_hash?: string | null
  device_hash?: string | null
}

/**
 * A new shopper gives what they came with: a referral code (typed, or kept
 * from a referral link) and/or the visit a storefront recorded on arrival.
 * The code binds when given (an explicit code wins over a site); otherwise
 * the visit's approved site binds its owner. A visit from an external source
 * also brings its bonus, once per shopper.
 */
export const claimReferralWorkflow = createWorkflow("loyalty-claim-referral", (input: ClaimReferralInput) => {
  // First, so an unknown visit id is refused before anything is bound.
  const visit = loadReferralVisitStep({ visit_id: input.visit_id })
  const byCode = when({ input }, ({ input }) => Boolean(input.code)).then(() =>
    bindReferralStep(transform({ input }, ({ input }) => ({
      customer_id: input.customer_id,
      code: input.code,
      source: "code" as const,
      ip_hash: input.ip_hash,
      device_hash: input.device_hash,
    })))
  )
  const bySite = when({ input, visit }, ({ input, visit }) => !input.code && Boolean(visit?.site_account_id)).then(() =>
    bindVisitSiteStep({ customer_id: input.customer_id, visit })
  )
  const bonus = grantExternalSourceBonusStep({ customer_id: input.customer_id, visit })
  // The binding and its loyalty.referral_bound are committed together; sending can wait.
  deliverLoyaltyEventsStep().config({ continueOnPermanentFailure: true })
  return new WorkflowResponse(
    transform({ byCode, bySite, bonus }, ({ byCode, bySite, bonus }) => ({ referral: byCode ?? bySite ?? null, bonus }))
  )
})
