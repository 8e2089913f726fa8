import { model } from "@medusajs/framework/utils"

/**
 * Every referral code a shopper had, the current one (`retired_at` null, also
 * kept on the account) and one they replaced with a code of their own: links
 * already shared keep working, and no code is ever given to two shoppers.
 */
export const LoyaltyReferralCode = model
  .define("loyalty_referral_code", {
    id: model.id({ prefix: "lyrc" }).primaryKey(),
    // Upper case (lib/referral-code.ts normalizeReferralCode).
    code: model.text(),
    account_id: model.text(),
    // The shopper's own code (they may choose one once); false for a drawn one.
    chosen: model.boolean().default(false),
    retired_at: model.dateTime().nullable(),
  })
  .indexes([
    // Not partial: codes are never soft-deleted, and assigning one inserts ON CONFLICT (code).
    { on: ["code"], unique: true, where: null },
    { on: ["account_id"], where: null },
  ])
