import { siteInstructions } from "../../lib/referral-site"
import type { LoyaltyReferralSiteDTO } from "../../types/loyalty"

/**
 * A site as its owner sees it: the token (and what to do with it) while it
 * still matters, before the admin's decision.
 */
export function shopperSiteView(site: LoyaltyReferralSiteDTO) {
  const undecided = site.status === "pending" || site.status === "verified"
  return {
    id: site.id,
    origin: site.origin,
    status: site.status,
    ...(undecided ? { token: site.token, instructions: siteInstructions(site.origin, site.token) } : {}),
    verified_at: site.verified_at,
    approved_at: site.approved_at,
    ...(site.status === "rejected" ? { rejected_at: site.rejected_at, reason: site.review_note } : {}),
  }
}
