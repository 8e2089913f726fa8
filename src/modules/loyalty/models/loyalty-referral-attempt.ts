import { model } from "@medusajs/framework/utils"

/**
 * A referral code no one has, tried from one IP address (its keyed hash,
 * never the address): claims from an address that guessed too often in the
 * last hour are refused, whichever shoppers sent them. Counted in the
 * database so every server instance agrees; the review job prunes old rows.
 */
export const LoyaltyReferralAttempt = model
  .define("loyalty_referral_attempt", {
    id: model.id({ prefix: "lyrfa" }).primaryKey(),
    ip_hash: model.text(),
    // Upper case; the same code tried again (a typo, a reload) counts once.
    code: model.text(),
  })
  .indexes([{ on: ["ip_hash", "created_at"], where: null }])
