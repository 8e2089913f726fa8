import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { newsletterBonusDue, newsletterBonusKey } from "../../../lib/rules"
import { deliverLoyaltyEventsStep } from "../../jobs/steps/deliver-loyalty-events"
import { grantBonusStep } from "../steps/grant-bonus"
import { type UpdateAccountProfileInput, updateAccountProfileStep } from "../steps/update-account-profile"

/**
 * A shopper sets their birthday (once) and newsletter choice. Opting in for
 * the first time earns newsletter_bonus; the key is one per account, so
 * unsubscribing and opting in again earns nothing more.
 */
export const updateAccountProfileWorkflow = createWorkflow(
  "loyalty-update-account-profile",
  (input: UpdateAccountProfileInput) => {
    const profile = updateAccountProfileStep(input)
    when({ profile }, ({ profile }) =>
      newsletterBonusDue(profile.before.newsletter_opt_in, profile.after.newsletter_opt_in)
    ).then(() => {
      const bonus = transform({ profile, input }, ({ profile, input }) => ({
        customer_id: input.customer_id,
        bonus: "newsletter_bonus" as const,
        idempotency_key: newsletterBonusKey(profile.account_id),
        reason: "Newsletter subscription",
      }))
      grantBonusStep(bonus)
      // The lot and its event are committed together; sending can wait for the next delivery.
      deliverLoyaltyEventsStep().config({ continueOnPermanentFailure: true })
    })
    return new WorkflowResponse(profile)
  }
)
