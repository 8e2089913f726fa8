import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

/**
 * The customer's loyalty account, created when missing (with its holdout draw, by the customer's
 * sign-up time when given); compensation deletes it if this step made it and nothing used it since.
 */
export const ensureAccountStep = createStep(
  "loyalty-ensure-account",
  async (input: { customer_id: string; signed_up_at?: Date | string | null }, { container }) => {
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const [existing] = await loyalty.listLoyaltyAccounts({ customer_id: input.customer_id }, { take: 1 })
    const signed_up_at = input.signed_up_at ? new Date(input.signed_up_at) : undefined
    const account = existing ?? (await loyalty.getOrCreateAccount(input.customer_id, { signed_up_at }))
    return new StepResponse({ id: account.id, customer_id: account.customer_id }, existing ? null : account.id)
  },
  async (createdId, { container }) => {
    if (createdId) {
      const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
      await loyalty.deleteUnusedAccount(createdId)
    }
  }
)
