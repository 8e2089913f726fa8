import { model } from "@medusajs/framework/utils"

export const REFERRAL_REFUSAL_REASONS = [
  "unknown_code",
  "self_referral",
  "already_referred",
  "referral_loop",
  "existing_customer",
  "same_email",
  "same_phone",
  "same_address",
  "disposable_email",
  "monthly_cap",
] as const

/**
 * A referee bound to the shopper who referred them: once and for good (one
 * row per referee), by the first path that reached them. `status` is where
 * the referrer's rewards stand: `bound` pays, `flagged` waits for an admin,
 * `rejected` and `unbound` pay no more (rows already in the ledger stay).
 */
export const LoyaltyReferral = model
  .define("loyalty_referral", {
    id: model.id({ prefix: "lyrfl" }).primaryKey(),
    referee_account_id: model.text(),
    referrer_account_id: model.text(),
    // How the referee came: a code they gave (typed, or kept from a link), a referral coupon, a referring site.
    source: model.enum(["code", "coupon", "site"]),
    code: model.text().nullable(),
    status: model.enum(["bound", "flagged", "rejected", "unbound"]).default("bound"),
    bound_at: model.dateTime(),
    // Why it waits for an admin (same_device, large_order, velocity), and until when.
    flag_reason: model.text().nullable(),
    flagged_at: model.dateTime().nullable(),
    review_deadline_at: model.dateTime().nullable(),
    // The decision (an admin's, or the deadline's: reviewed_by null) and its reason.
    reviewed_at: model.dateTime().nullable(),
    reviewed_by: model.text().nullable(),
    review_note: model.text().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([
    // The review queue, oldest deadline first.
    { on: ["review_deadline_at"], where: "status = 'flagged'" },
    // Not partial: a binding is never soft-deleted; a second one for a referee must fail.
    { on: ["referee_account_id"], unique: true, where: null },
    // Not partial either (never soft-deleted): the network reads filter on the account alone.
    { on: ["referrer_account_id"], where: null },
  ])

/**
 * A binding the plugin refused, kept for the store owner (who tried whose
 * code, and why it was refused): self-referrals, loops, existing customers.
 */
export const LoyaltyReferralRefusal = model
  .define("loyalty_referral_refusal", {
    id: model.id({ prefix: "lyrfr" }).primaryKey(),
    customer_id: model.text(),
    code: model.text().nullable(),
    referrer_account_id: model.text().nullable(),
    reason: model.enum([...REFERRAL_REFUSAL_REASONS]),
  })
  .indexes([
    { on: ["customer_id"], where: null },
    { on: ["referrer_account_id"], where: null },
  ])
