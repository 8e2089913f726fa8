import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

/** The customer's loyalty account, created when missing; compensation deletes it if this step made it and nothing used it since. */
export const ensureAccountStep = createStep(
  "loyalty-ensure-account",
  async (input: { customer_id: string }, { container }) => {
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const [existing] = await loyalty.listLoyaltyAccounts({ customer_id: input.customer_id }, { take: 1 })
    const account = existing ?? (await loyalty.getOrCreateAccount(input.customer_id))
    return new StepResponse({ id: account.id, customer_id: account.customer_id }, existing ? null : account.id)
  },
  async (createdId, { container }) => {
    if (createdId) {
      const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
      await loyalty.deleteUnusedAccount(createdId)
    }
  }
)
