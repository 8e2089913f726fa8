import { generateEntityId } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { BindReferralInput, BindReferralResult, ReferralNetwork, ReferralRefusalReason } from "../../../types/loyalty/module"
import type { LedgerStore } from "./ledger-store"
import { addToOutbox } from "./outbox"
import { normalizeReferralCode } from "../../../lib/referral-code"
import { findReferralCodeOwner } from "./referral-codes"
import {
  type BindingRules,
  DEFAULT_BINDING_RULES,
  flaggedColumns,
  fraudFlag,
  fraudRefusal,
  guessedTooOftenFrom,
  recordUnknownCodeFrom,
} from "./referral-fraud"

const REFERRAL = "loyalty_referral"
const REFUSAL = "loyalty_referral_refusal"
const ACCOUNT = "loyalty_account"
export const REFERRAL_BOUND = "loyalty.referral_bound"
export const REFERRAL_FLAGGED = "loyalty.referral_flagged"

/** Codes no one has that a shopper may try in an hour before claims are refused for a while. */
export const MAX_UNKNOWN_CODES_PER_HOUR = 10
const TOO_MANY_ATTEMPTS = "Too many referral codes that do not exist were tried; try again in an hour."

/**
 * Whether the shopper tried MAX_UNKNOWN_CODES_PER_HOUR codes no one has in the
 * last hour: guessing, not a typo. Counted from the refusals in the database,
 * so every server instance sees the same count.
 */
async function guessedTooOften(trx: Knex.Transaction, customerId: string): Promise<boolean> {
  const { rows } = await trx.raw(
    `SELECT COUNT(*)::int AS tried FROM ${REFUSAL}
     WHERE customer_id = ? AND reason = 'unknown_code' AND created_at > now() - interval '1 hour'`,
    [customerId]
  )
  return rows[0].tried >= MAX_UNKNOWN_CODES_PER_HOUR
}

/** Bindings that still tie a referee to a referrer (a loop through them is refused). */
const LIVE = ["bound", "flagged"]

const REFUSALS: Record<ReferralRefusalReason, (code: string) => string> = {
  unknown_code: (code) => `No shopper has the referral code ${code}.`,
  self_referral: () => "Your own referral code cannot be used for yourself.",
  already_referred: () => "You were already referred by another shopper; a referral is bound once.",
  referral_loop: () => "This shopper was referred by you, directly or through others; referrals cannot go in a circle.",
  existing_customer: () => "Referral codes are for new shoppers before their first order.",
  same_email: () => "This referral code belongs to a shopper with the same e-mail address as yours.",
  same_phone: () => "This referral code belongs to a shopper with the same phone number as yours.",
  same_address: () => "This referral code belongs to a shopper with the same shipping address as yours.",
  disposable_email: () => "Referrals need a permanent e-mail address, not a disposable one.",
  monthly_cap: () => "This shopper has invited as many friends as the program rewards this month; try again next month.",
}

/**
 * Binds the referee to the owner of `code`, once and for good: the first
 * binding wins, the same one again replays. Every binding of the store takes
 * one transaction lock in turn (bindings are rare), so two at once cannot
 * close a loop between them. A refusal is recorded and returned, not thrown,
 * so the record stays when the caller answers with an error. The anti-fraud
 * checks (referral-fraud.ts) refuse the same shopper again, a disposable
 * e-mail and a referrer past the monthly cap, and flag a binding from the
 * referrer's device or past the daily velocity: it is kept, its rewards wait.
 */
export async function bindReferral(
  store: LedgerStore,
  input: BindReferralInput,
  rules: BindingRules = DEFAULT_BINDING_RULES
): Promise<BindReferralResult> {
  const { trx } = store
  // The two-key form: its own keyspace, apart from the one-key locks Medusa's locking-postgres takes.
  await trx.raw("SELECT pg_advisory_xact_lock(hashtext('medusa-loyalty'), 1)")
  const referee = await store.lockAccountOfCustomer(input.referee_customer_id)
  // A referring site names its owner's account; every other path gives a code.
  const code = input.code ? normalizeReferralCode(input.code) : null
  // Guessing is typing codes; a coupon on a placed order is one the shopper was given.
  const guessing =
    code && input.source !== "coupon" && ((await guessedTooOften(trx, input.referee_customer_id)) || (await guessedTooOftenFrom(trx, input.ip_hash)))
  if (guessing) {
    return { refused: "too_many_attempts", message: TOO_MANY_ATTEMPTS }
  }
  const owner = code ? await findReferralCodeOwner(trx, code) : await accountOwner(trx, input.referrer_account_id)
  const refuse = async (reason: ReferralRefusalReason): Promise<BindReferralResult> => {
    const refusal = { customer_id: input.referee_customer_id, code, reason }
    // One record per shopper, code and reason: trying again and again does not grow the table.
    if (!(await trx(REFUSAL).where(refusal).first("id"))) {
      await trx(REFUSAL).insert({ id: generateEntityId(undefined, "lyrfr"), ...refusal, referrer_account_id: owner?.account_id ?? null })
    }
    return { refused: reason, message: REFUSALS[reason](code ?? "") }
  }
  if (!owner) {
    if (code) {
      await recordUnknownCodeFrom(trx, input.ip_hash, code)
    }
    return refuse("unknown_code")
  }
  if (owner.account_id === referee.id) {
    return refuse("self_referral")
  }
  const existing = await trx(REFERRAL).where({ referee_account_id: referee.id }).first()
  if (existing) {
    return existing.referrer_account_id === owner.account_id ? { referral: existing, replayed: true } : refuse("already_referred")
  }
  if (input.has_orders) {
    return refuse("existing_customer")
  }
  if (await referredBy(trx, owner.account_id, referee.id)) {
    return refuse("referral_loop")
  }
  const fraud = await fraudRefusal(trx, owner, input, rules)
  if (fraud) {
    return refuse(fraud)
  }
  const flag = await fraudFlag(trx, owner, input, rules)
  const [referral] = await trx(REFERRAL)
    .insert({
      id: generateEntityId(undefined, "lyrfl"),
      referee_account_id: referee.id,
      referrer_account_id: owner.account_id,
      source: input.source,
      code: owner.code,
      status: "bound",
      bound_at: new Date(),
      metadata: input.metadata ?? null,
      ...(flag ? flaggedColumns(flag, rules) : {}),
    })
    .returning("*")
  await trx(ACCOUNT).where({ id: referee.id }).update({ referred_by_account_id: owner.account_id, updated_at: trx.fn.now() })
  await addToOutbox(trx, REFERRAL_BOUND, {
    referral_id: referral.id,
    source: referral.source,
    referee_account_id: referee.id,
    referee_customer_id: referee.customer_id,
    referrer_account_id: owner.account_id,
    referrer_customer_id: owner.customer_id,
  })
  if (flag) {
    await announceFlag(trx, referral, referee.customer_id, owner.customer_id)
  }
  return { referral, replayed: false }
}

/** `loyalty.referral_flagged`: the binding waits for an admin until its deadline (the reason is for the store, not the shopper). */
export async function announceFlag(
  trx: Knex.Transaction,
  referral: { id: string; flag_reason: string; review_deadline_at: Date },
  refereeCustomerId: string,
  referrerCustomerId: string
) {
  await addToOutbox(trx, REFERRAL_FLAGGED, {
    referral_id: referral.id,
    reason: referral.flag_reason,
    review_deadline_at: referral.review_deadline_at,
    referee_customer_id: refereeCustomerId,
    referrer_customer_id: referrerCustomerId,
  })
}

/** The referrer named by account (a referring site's owner), in the shape a code's owner has. */
async function accountOwner(trx: Knex.Transaction, accountId: string | null | undefined) {
  const account = accountId ? await trx(ACCOUNT).where({ id: accountId }).first("id", "customer_id") : undefined
  return account ? { account_id: account.id as string, customer_id: account.customer_id as string, code: null } : null
}

/** Whether `accountId` was referred, directly or through a chain, by `ancestorId`. */
async function referredBy(trx: Knex.Transaction, accountId: string, ancestorId: string): Promise<boolean> {
  const { rows } = await trx.raw(
    `WITH RECURSIVE chain(account_id) AS (
       SELECT referrer_account_id FROM ${REFERRAL} WHERE referee_account_id = :accountId AND status = ANY(:live)
       UNION
       SELECT r.referrer_account_id FROM ${REFERRAL} r JOIN chain c ON r.referee_account_id = c.account_id
       WHERE r.status = ANY(:live)
     )
     SELECT 1 FROM chain WHERE account_id = :ancestorId LIMIT 1`,
    { accountId, ancestorId, live: LIVE }
  )
  return rows.length > 0
}

/**
 * A referrer's bindings with the reward rows of each: a referral's rewards are
 * the referrer's `referral` rows whose reference is `referral:<referral id>`.
 */
const REFERRALS_WITH_REWARDS = `
  FROM loyalty_account a
  JOIN ${REFERRAL} r ON r.referrer_account_id = a.id
  JOIN ${ACCOUNT} referee ON referee.id = r.referee_account_id
  LEFT JOIN loyalty_transaction t ON t.account_id = a.id AND t.type = 'referral' AND t.deleted_at IS NULL
    AND t.reference = 'referral:' || r.id
  LEFT JOIN LATERAL (
    SELECT -SUM(rv.points)::int AS points FROM loyalty_transaction rv
    WHERE rv.reference = t.id AND rv.type = 'reversal' AND rv.deleted_at IS NULL
  ) taken_back ON true
  WHERE a.customer_id = :referrerCustomerId`

// What the rewards hold after returns took some back: a pending lot's remaining is exactly that
// (it cannot be spent yet); an available lot's points less its reversals (spending does not count).
const REWARD_SUMS = `COALESCE(SUM(t.remaining) FILTER (WHERE t.status = 'pending'), 0)::int AS points_pending,
  COALESCE(SUM(t.points - COALESCE(taken_back.points, 0)) FILTER (WHERE t.status = 'available'), 0)::int AS points_earned`

/**
 * One page of a referrer's invitees, newest binding first, with the points
 * each brought the referrer so far (pending and available), and the totals.
 */
export async function readReferralNetwork(
  knex: Knex,
  referrerCustomerId: string,
  { skip, take }: { skip: number; take: number }
): Promise<ReferralNetwork> {
  const [{ rows }, { rows: totals }] = await Promise.all([
    knex.raw(
      `SELECT r.id, r.status, r.source, r.bound_at, r.flag_reason, r.flagged_at, referee.customer_id, ${REWARD_SUMS}
       ${REFERRALS_WITH_REWARDS}
       GROUP BY r.id, referee.customer_id
       ORDER BY r.bound_at DESC, r.id DESC
       OFFSET :skip LIMIT :take`,
      { referrerCustomerId, skip, take }
    ),
    knex.raw(`SELECT COUNT(DISTINCT r.id)::int AS invitees, ${REWARD_SUMS} ${REFERRALS_WITH_REWARDS}`, { referrerCustomerId }),
  ])
  return { invitees: rows, count: totals[0].invitees, totals: totals[0] }
}
