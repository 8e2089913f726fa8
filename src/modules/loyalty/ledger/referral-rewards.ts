import type { ReferralRewardInput, ReferralRewardResult } from "../../../types/loyalty/module"
import { creditCapped } from "../ledger-operations"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { LedgerStore } from "./ledger-store"
import type { TransactionRow } from "./types"
import { addToOutbox } from "./outbox"

export const REFERRAL_REWARDED = "loyalty.referral_rewarded"

/** The reference every reward row of a referral carries, in either party's account. */
export const referralReference = (referralId: string) => `referral:${referralId}`

/**
 * Credits one party's reward for a referee's order, once per key. The
 * referral row is locked first, so an admin's decision and a reward cannot
 * cross: a flagged referral's reward waits (the approval pays it), a
 * rejected or unbound one pays no more. Then the party's account is locked,
 * and under that lock the referrer's monthly cap is counted: two referees'
 * orders at once cannot both take the last place. A referral that already
 * paid its referrer once is not counted again.
 */
export async function creditReferralReward(store: LedgerStore, input: ReferralRewardInput): Promise<ReferralRewardResult> {
  const { trx } = store
  const referral = await trx("loyalty_referral").where({ id: input.referral_id }).forUpdate().first()
  if (!referral) {
    throw new Error(`Referral ${input.referral_id} was not found`)
  }
  const accountId = input.party === "referrer" ? referral.referrer_account_id : referral.referee_account_id
  const account = (await store.lockAccount(accountId))!
  const existing = await store.findTransactionByKey(input.idempotency_key)
  if (existing) {
    return { lot: { ...existing, replayed: true } as any }
  }
  if (referral.status !== "bound") {
    return { withheld: referral.status }
  }
  if (account.holdout) {
    // A held-out party (referrer or friend) earns nothing; the other party's reward is its own.
    return { withheld: "holdout" }
  }
  const reference = referralReference(referral.id)
  if (input.party === "referrer" && input.monthly_cap !== null && !(await hasPaidReferrer(store, account.id, reference))) {
    if ((await friendsFirstRewardedIn(trx, account.id, input.reward_month)) >= input.monthly_cap) {
      return { withheld: "monthly_cap" }
    }
  }
  const lot = await creditCapped(store, account, {
    customer_id: account.customer_id,
    type: "referral",
    status: input.status,
    available_at: input.available_at,
    expires_at: input.expires_at,
    points: input.points,
    max_balance: input.max_balance,
    order_id: input.order_id,
    reference,
    reason: input.reason,
    details: { ...input.details, party: input.party, referral_id: referral.id, reward_month: input.reward_month },
    idempotency_key: input.idempotency_key,
  })
  if (!lot) {
    return { withheld: "max_balance" }
  }
  await addToOutbox(trx, REFERRAL_REWARDED, {
    referral_id: referral.id,
    order_id: input.order_id,
    party: input.party,
    account_id: account.id,
    customer_id: account.customer_id,
    points: lot.points,
    status: lot.status,
    available_at: lot.available_at ? new Date(lot.available_at).toISOString() : null,
    transaction_id: lot.id,
  })
  return { lot: lot as any }
}

/**
 * The friends a referrer was first rewarded for in `month` (the store's calendar, "2026-12"):
 * what `referrals.monthly_cap` limits, at a claim and at a reward. A friend rewarded in an
 * earlier month is not counted again; one whose order was canceled still took their place.
 */
export async function friendsFirstRewardedIn(knex: Knex | Knex.Transaction, referrerAccountId: string, month: string): Promise<number> {
  const { rows } = await knex.raw(
    `SELECT COUNT(DISTINCT t.reference)::int AS rewarded FROM loyalty_transaction t
     WHERE t.account_id = ? AND t.type = 'referral' AND t.details->>'party' = 'referrer' AND t.details->>'reward_month' = ?
       AND NOT EXISTS (
         SELECT 1 FROM loyalty_transaction e
         WHERE e.account_id = t.account_id AND e.type = 'referral' AND e.reference = t.reference
           AND e.details->>'reward_month' < t.details->>'reward_month')`,
    [referrerAccountId, month]
  )
  return rows[0].rewarded
}

async function hasPaidReferrer(store: LedgerStore, accountId: string, reference: string) {
  return Boolean(
    await store.trx("loyalty_transaction").where({ account_id: accountId, type: "referral", reference }).first("id")
  )
}

/** The reward rows an order brought either party of a referral, for its settlement. */
export async function referralRewardsOfOrder(knex: Knex, orderId: string): Promise<TransactionRow[]> {
  return knex("loyalty_transaction").where({ order_id: orderId, type: "referral" }).whereNull("deleted_at").orderBy("id")
}
