import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { type BonusName, bonusGrant } from "../../../lib/rules"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

export type GrantBonusInput = {
  customer_id: string
  bonus: BonusName
  /** One grant per key: welcomeBonusKey, newsletterBonusKey, birthdayBonusKey, orderBonusKey. */
  idempotency_key: string
  reason: string
  /** When the bonus is granted (its expiry counts from here); now when left out. */
  now?: Date | string
}

/**
 * Grants a program bonus: nothing while the program is off or the bonus is
 * switched off; otherwise its points, available now, with the bonus's own
 * expiry, cut to fit under max_balance. Null when nothing was credited.
 */
export async function grantBonus(loyalty: LoyaltyModuleService, input: GrantBonusInput) {
  const program = await loyalty.getProgramSettings()
  if (!program.enabled) {
    return null
  }
  const now = input.now ? new Date(input.now) : new Date()
  const grant = bonusGrant(program[input.bonus], now, program.expiry_days)
  if (!grant) {
    return null
  }
  return loyalty.creditBonus({
    customer_id: input.customer_id,
    bonus: input.bonus,
    points: grant.points,
    expires_at: grant.expires_at,
    max_balance: program.max_balance,
    reason: input.reason,
    idempotency_key: input.idempotency_key,
  })
}

/**
 * grantBonus as a step. No compensation: the lot and its event are one transaction, keyed
 * once per grant, and nothing after it in the bonus workflows can fail them; taking the lot
 * back under another key would leave the grant's key used and the shopper without the bonus.
 */
export const grantBonusStep = createStep("loyalty-grant-bonus", async (input: GrantBonusInput, { container }) => {
  return new StepResponse(await grantBonus(container.resolve(LOYALTY_MODULE), input))
})
