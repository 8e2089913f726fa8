import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { welcomeBonusKey } from "../../../lib/rules"
import { deliverLoyaltyEventsStep } from "../../jobs/steps/deliver-loyalty-events"
import { ensureReferralCodeStep } from "../../referrals/steps/ensure-referral-code"
import { ensureAccountStep } from "../steps/ensure-account"
import { grantBonusStep } from "../steps/grant-bonus"

/**
 * A shopper who registered (a customer with an account, not a guest of one
 * checkout) gets a loyalty account, their referral code and welcome_bonus,
 * once however often customer.created arrives.
 */
export const grantWelcomeBonusWorkflow = createWorkflow(
  "loyalty-grant-welcome-bonus",
  (input: { customer_id: string }) => {
    const { data: customers } = useQueryGraphStep({
      entity: "customer",
      fields: ["id", "has_account", "created_at"],
      filters: { id: input.customer_id },
    })
    const registered = transform({ customers }, ({ customers }) => Boolean(customers[0]?.has_account))

    const lot = when({ registered }, ({ registered }) => registered).then(() => {
      const signup = transform({ customers, input }, ({ customers, input }) => ({
        customer_id: input.customer_id,
        signed_up_at: customers[0]?.created_at ?? null,
      }))
      const account = ensureAccountStep(signup)
      ensureReferralCodeStep({ customer_id: input.customer_id })
      const bonus = transform({ account }, ({ account }) => ({
        customer_id: account.customer_id,
        bonus: "welcome_bonus" as const,
        idempotency_key: welcomeBonusKey(account.id),
        reason: "Welcome bonus",
      }))
      const lot = grantBonusStep(bonus)
      // The lot and its event are committed together; sending can wait for the next delivery.
      deliverLoyaltyEventsStep().config({ continueOnPermanentFailure: true })
      return lot
    })
    return new WorkflowResponse(transform({ lot }, ({ lot }) => lot ?? null))
  }
)
