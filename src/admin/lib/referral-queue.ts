import { reviewTransition } from "../../lib/referral-review"

// Spelled out here (the server's are in src/lib/referral-review.ts) so the admin's
// translation scan, which reads the admin's files alone, sees the keys built from them.
export type ReferralStatus = "bound" | "flagged" | "rejected" | "unbound"
export type ReferralDecision = "approve" | "reject" | "unbind"

/** The views of the Referrals tab besides "all": a status, whether it paid, or the refused claims. */
export const REFERRAL_FILTERS = ["flagged", "rewarded", "not_rewarded", "rejected", "unbound", "refused"] as const

export type ReferralFilter = (typeof REFERRAL_FILTERS)[number] | "all"

export type ReferralListQuery = { status?: ReferralStatus; rewarded?: boolean; refused?: true }

/** What GET /admin/loyalty/referrals is asked for a view of the tab (paging aside). */
export function referralListQuery(filter: ReferralFilter): ReferralListQuery {
  switch (filter) {
    case "flagged":
    case "rejected":
    case "unbound":
      return { status: filter }
    case "rewarded":
      return { rewarded: true }
    case "not_rewarded":
      return { rewarded: false }
    case "refused":
      return { refused: true }
    default:
      return {}
  }
}

const DECISIONS = ["approve", "reject", "unbind"] as const

/**
 * The decisions a referral with `status` offers: the ones the server moves it
 * with (src/lib/referral-review.ts), so a button never asks for a refusal. A
 * referral an admin (or the deadline) already approved offers approve again:
 * the server replays it and pays the rewards a failed payout left waiting.
 */
export function referralActions(status: ReferralStatus, reviewed = false): ReferralDecision[] {
  return DECISIONS.filter((decision) => {
    const transition = reviewTransition(status, reviewed, decision)
    return "to" in transition || (decision === "approve" && "replay" in transition)
  })
}

/** The label key of a decision: approving an approved referral again pays what it left waiting. */
export const decisionLabel = (status: ReferralStatus, decision: ReferralDecision) =>
  status === "bound" && decision === "approve" ? "pay_waiting" : decision

/** Rejecting and unbinding are kept on the record with their reason; approving may say why. */
export const reasonRequired = (decision: ReferralDecision | SiteDecision) => decision !== "approve"

export type SiteStatus = "pending" | "verified" | "approved" | "rejected"
export type SiteDecision = "approve" | "reject"

/** A verified site can be approved; any site not rejected can be rejected (an approved one too). */
export function siteActions(status: SiteStatus): SiteDecision[] {
  return [...(status === "verified" ? (["approve"] as const) : []), ...(status !== "rejected" ? (["reject"] as const) : [])]
}

export type ReferralParty = { customer_id: string; first_name: string | null; last_name: string | null; email: string | null }

/** A party's name as the admin shows it: first and last name, else the e-mail, else the id. */
export function partyName(party: ReferralParty): string {
  return [party.first_name, party.last_name].filter(Boolean).join(" ") || party.email || party.customer_id
}
