import { model } from "@medusajs/framework/utils"

/**
 * A storefront arrival worth remembering: from an approved referring site,
 * or from a configured external source. The storefront keeps its id and
 * passes it on at sign-up (claim) or in the cart (`loyalty_visit_id`). The
 * visitor's IP and user agent are kept only as keyed hashes.
 */
export const LoyaltyReferralVisit = model
  .define("loyalty_referral_visit", {
    id: model.id({ prefix: "lyrv" }).primaryKey(),
    referrer_origin: model.text().nullable(),
    // The approved site the visitor came from, when they came from one.
    site_id: model.text().nullable(),
    utm_source: model.text().nullable(),
    utm_medium: model.text().nullable(),
    utm_campaign: model.text().nullable(),
    ip_hash: model.text().nullable(),
    user_agent_hash: model.text().nullable(),
  })
  .indexes([
    // The per-address limit counts an address's recent visits.
    { on: ["ip_hash", "created_at"], where: null },
    { on: ["site_id"], where: null },
  ])
