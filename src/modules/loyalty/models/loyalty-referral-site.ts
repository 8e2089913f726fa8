import { model } from "@medusajs/framework/utils"

export const REFERRAL_SITE_STATUSES = ["pending", "verified", "approved", "rejected"] as const

/**
 * A website a referrer says is theirs: visits that arrive from it are bound
 * to them. `pending` until the token is found on the site (`verified`),
 * then an admin approves or rejects it. Anyone may register an origin, but
 * only one account holds it verified or approved (proving it is the owner's
 * part): a squatter's pending row blocks no one.
 */
export const LoyaltyReferralSite = model
  .define("loyalty_referral_site", {
    id: model.id({ prefix: "lyrs" }).primaryKey(),
    account_id: model.text(),
    // `https://host[:port]` (lib/referral-site.ts normalizeSiteOrigin).
    origin: model.text(),
    token: model.text(),
    status: model.enum([...REFERRAL_SITE_STATUSES]).default("pending"),
    verified_at: model.dateTime().nullable(),
    approved_at: model.dateTime().nullable(),
    rejected_at: model.dateTime().nullable(),
    // The admin who approved or rejected it, and the reason of a rejection.
    reviewed_by: model.text().nullable(),
    review_note: model.text().nullable(),
  })
  .indexes([
    // Not partial: a shopper registers an origin once (again returns the same row).
    { on: ["account_id", "origin"], unique: true, where: null },
    // One owner per origin once ownership is proven.
    { on: ["origin"], unique: true, where: "status IN ('verified', 'approved')" },
    // The admin's queue.
    { on: ["status"], where: null },
  ])
