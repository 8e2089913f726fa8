/**
 * The review queue's rules: which decision moves a referral where, which
 * repeats what already stands, and which is refused. Pure, so the ledger and
 * its tests share them.
 */
export type ReviewStatus = "bound" | "flagged" | "rejected" | "unbound"
export type ReviewDecision = "approve" | "reject" | "unbind"

const TARGET: Record<ReviewDecision, ReviewStatus> = { approve: "bound", reject: "rejected", unbind: "unbound" }
// The statuses each decision may start from.
const FROM: Record<ReviewDecision, ReviewStatus[]> = { approve: ["flagged"], reject: ["flagged"], unbind: ["bound", "flagged"] }

const WHY_NOT: Record<ReviewDecision, Partial<Record<ReviewStatus, string>>> = {
  approve: {
    bound: "is not waiting for review; only a flagged referral can be approved",
    rejected: "was rejected; a rejected referral stays rejected",
    unbound: "was unbound; an unbound referral stays unbound",
  },
  reject: {
    bound: "is not waiting for review; only a flagged referral can be rejected (unbind a bound one)",
    rejected: "was rejected already",
    unbound: "was unbound; an unbound referral stays unbound",
  },
  unbind: {
    rejected: "was rejected; it pays nothing already",
  },
}

export type ReviewTransition = { to: ReviewStatus } | { replay: true } | { refused: string }

/**
 * What `decision` does to a referral with `status` (`reviewed` when a
 * decision was made on it before): moves it, replays it (the same decision
 * stands: an approved referral is bound and reviewed), or is refused.
 */
export function reviewTransition(status: ReviewStatus, reviewed: boolean, decision: ReviewDecision): ReviewTransition {
  if (FROM[decision].includes(status)) {
    return { to: TARGET[decision] }
  }
  if (status === TARGET[decision] && (reviewed || decision === "unbind")) {
    return { replay: true }
  }
  return { refused: `This referral ${WHY_NOT[decision][status] ?? `cannot be ${decision}d`}.` }
}

/** When a flag raised at `at` is decided by the program's default: `days` later. */
export function reviewDeadline(at: Date, days: number): Date {
  return new Date(at.getTime() + days * 24 * 60 * 60 * 1000)
}

/** What a shopper sees of a referral's status: a flagged one is `in_review`, never why it was flagged. */
export type ShopperReferralStatus = "bound" | "in_review" | "rejected" | "unbound"

export function shopperReferralStatus(status: ReviewStatus): ShopperReferralStatus {
  return status === "flagged" ? "in_review" : status
}
