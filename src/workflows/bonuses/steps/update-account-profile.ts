import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { AccountProfile } from "../../../modules/loyalty/ledger/types"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

export type UpdateAccountProfileInput = {
  customer_id: string
  birthday?: string
  newsletter_opt_in?: boolean
  notifications_opt_out?: boolean
}

/**
 * Saves the shopper's birthday (once) and newsletter choice on their account,
 * creating it if needed. Returns the profile before and after; compensation
 * puts the old one back.
 */
export const updateAccountProfileStep = createStep(
  "loyalty-update-account-profile",
  async ({ customer_id, birthday, newsletter_opt_in, notifications_opt_out }: UpdateAccountProfileInput, { container }) => {
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const changes: Partial<AccountProfile> = {}
    if (birthday !== undefined) changes.birthday = birthday
    if (newsletter_opt_in !== undefined) changes.newsletter_opt_in = newsletter_opt_in
    if (notifications_opt_out !== undefined) changes.notifications_opt_out = notifications_opt_out
    const profile = await loyalty.updateAccountProfile(customer_id, changes)
    return new StepResponse(profile, { account_id: profile.account_id, before: profile.before })
  },
  async (undo, { container }) => {
    if (undo) {
      const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
      await loyalty.restoreAccountProfile(undo.account_id, undo.before)
    }
  }
)
