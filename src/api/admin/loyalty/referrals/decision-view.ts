import type { LoyaltyReferralDTO } from "../../../../types/loyalty"

/** A referral after a decision, as the review routes answer. */
export function referralDecisionView(referral: LoyaltyReferralDTO) {
  const { id, status, source, code, bound_at, flag_reason, flagged_at, review_deadline_at, reviewed_at, reviewed_by, review_note } = referral
  return { id, status, source, code, bound_at, flag_reason, flagged_at, review_deadline_at, reviewed_at, reviewed_by, review_note }
}
