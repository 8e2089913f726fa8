import { MedusaError } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { reviewTransition } from "../../../lib/referral-review"
import type {
  LoyaltyReferralDTO,
  ReferralFlagReason,
  ReferralQueueFilters,
  ReferralQueueRow,
  ReviewReferralInput,
  ReviewReferralResult,
} from "../../../types/loyalty/module"
import type { LedgerStore } from "./ledger-store"
import { type BindingRules, flaggedColumns } from "./referral-fraud"
import { announceFlag } from "./referrals"

/**
 * The review queue: flags raised after binding, the admin's decisions and
 * the deadline's. Each locks the referral row, so a decision and a flag, or
 * two decisions, take turns and the second sees the first.
 */

const REFERRAL = "loyalty_referral"

const lockReferral = (trx: Knex.Transaction, id: string): Promise<LoyaltyReferralDTO | undefined> =>
  trx(REFERRAL).where({ id }).forUpdate().first()

/** Both parties' customer ids, for the events. */
async function partiesOf(trx: Knex.Transaction, referral: LoyaltyReferralDTO) {
  const accounts: { id: string; customer_id: string }[] = await trx("loyalty_account")
    .whereIn("id", [referral.referee_account_id, referral.referrer_account_id])
    .select("id", "customer_id")
  const customerOf = (id: string) => accounts.find((account) => account.id === id)!.customer_id
  return { referee: customerOf(referral.referee_account_id), referrer: customerOf(referral.referrer_account_id) }
}

/**
 * Puts a bound referral on hold with `reason` (an order far above the store's
 * average, found at order time): its rewards wait for the review. One that is
 * not bound, or that a decision already approved, stays as it is.
 */
export async function flagReferral(
  store: LedgerStore,
  referralId: string,
  reason: ReferralFlagReason,
  rules: Pick<BindingRules, "review_deadline_days">
): Promise<{ referral: LoyaltyReferralDTO; flagged: boolean } | null> {
  const { trx } = store
  const referral = await lockReferral(trx, referralId)
  if (!referral) {
    return null
  }
  if (referral.status !== "bound" || referral.reviewed_at) {
    return { referral, flagged: false }
  }
  const [flagged] = await trx(REFERRAL)
    .where({ id: referralId })
    .update({ ...flaggedColumns(reason, rules), updated_at: trx.fn.now() })
    .returning("*")
  const parties = await partiesOf(trx, flagged)
  await announceFlag(trx, flagged, parties.referee, parties.referrer)
  return { referral: flagged, flagged: true }
}

/** An admin's decision (see lib/referral-review.ts for which are allowed); the same one again replays. */
export async function reviewReferral(store: LedgerStore, input: ReviewReferralInput): Promise<ReviewReferralResult> {
  const { trx } = store
  const referral = await lockReferral(trx, input.referral_id)
  if (!referral) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Referral ${input.referral_id} was not found`)
  }
  const transition = reviewTransition(referral.status, referral.reviewed_at !== null, input.decision)
  if ("refused" in transition) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, transition.refused)
  }
  if ("replay" in transition) {
    return { referral, replayed: true }
  }
  const [decided] = await trx(REFERRAL)
    .where({ id: referral.id })
    .update({
      status: transition.to,
      reviewed_at: trx.fn.now(),
      reviewed_by: input.reviewed_by,
      review_note: input.note ?? null,
      updated_at: trx.fn.now(),
    })
    .returning("*")
  return { referral: decided, replayed: false }
}

export const DEADLINE_NOTE = {
  approve: "The review deadline passed; the program approves flagged referrals by default.",
  reject: "The review deadline passed; the program rejects flagged referrals by default.",
} as const

/**
 * Applies the program's default to up to `limit` flagged referrals past
 * their deadline, in one statement that skips rows another transaction
 * holds: two runs at once (or an admin deciding one meanwhile) decide each
 * referral once. Returns the ids it decided.
 */
export async function decideOverdueReferrals(
  store: LedgerStore,
  { decision, limit, now = new Date() }: { decision: "approve" | "reject"; limit: number; now?: Date }
): Promise<string[]> {
  const { rows } = await store.trx.raw(
    `UPDATE ${REFERRAL} SET status = :status, reviewed_at = now(), reviewed_by = NULL, review_note = :note, updated_at = now()
     WHERE id IN (
       -- The queue's partial index: flagged, not deleted, by deadline.
       SELECT id FROM ${REFERRAL} WHERE status = 'flagged' AND deleted_at IS NULL AND review_deadline_at <= :now
       ORDER BY review_deadline_at, id LIMIT :limit FOR UPDATE SKIP LOCKED
     )
     RETURNING id`,
    { status: decision === "approve" ? "bound" : "rejected", note: DEADLINE_NOTE[decision], now, limit }
  )
  return rows.map((row: { id: string }) => row.id)
}

/** The referrer's reward rows of a referral: `referral:<id>`, not voided. */
const REWARD_ROWS = `FROM loyalty_transaction t
  WHERE t.account_id = r.referrer_account_id AND t.type = 'referral' AND t.reference = 'referral:' || r.id
    AND t.status <> 'void' AND t.deleted_at IS NULL`

/** A page of the review queue, newest binding first, with the parties' customers and the reward so far. */
export async function listReferralQueue(
  knex: Knex,
  filters: ReferralQueueFilters,
  { skip, take }: { skip: number; take: number }
): Promise<{ referrals: ReferralQueueRow[]; count: number }> {
  const where = [
    filters.status ? "r.status = :status" : null,
    filters.rewarded === true ? `EXISTS (SELECT 1 ${REWARD_ROWS})` : null,
    filters.rewarded === false ? `NOT EXISTS (SELECT 1 ${REWARD_ROWS})` : null,
  ].filter(Boolean)
  const from = `FROM ${REFERRAL} r
    JOIN loyalty_account referee ON referee.id = r.referee_account_id
    JOIN loyalty_account referrer ON referrer.id = r.referrer_account_id
    ${where.length ? `WHERE ${where.join(" AND ")}` : ""}`
  const params = { status: filters.status ?? null, skip, take }
  const [{ rows }, { rows: counted }] = await Promise.all([
    knex.raw(
      `SELECT r.*, referee.customer_id AS referee_customer_id, referrer.customer_id AS referrer_customer_id,
         (SELECT COALESCE(SUM(t.points), 0)::int ${REWARD_ROWS}) AS reward_points
       ${from}
       ORDER BY r.bound_at DESC, r.id DESC OFFSET :skip LIMIT :take`,
      params
    ),
    knex.raw(`SELECT COUNT(*)::int AS count ${from}`, params),
  ])
  return { referrals: rows, count: counted[0].count }
}
