import { generateEntityId } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { isDisposableEmail } from "../../../lib/disposable-email"
import { identityConflict } from "../../../lib/referral-identity"
import { reviewDeadline } from "../../../lib/referral-review"
import { rewardMonth } from "../../../lib/referral-rewards"
import { friendsFirstRewardedIn } from "./referral-rewards"
import type { BindReferralInput, ReferralFlagReason, ReferralRefusalReason } from "../../../types/loyalty/module"

/** Who the binding names as referrer (a code's owner or a referring site's). */
type Referrer = { account_id: string; customer_id: string }

/**
 * The anti-fraud checks of a binding, each one small function: refusals
 * (the same shopper under another account, a throwaway inbox, a referrer past
 * the monthly cap, code guessing from one address) and flags (the referrer's
 * own device, a referrer binding too many a day). bindReferral calls them
 * under its lock, so counts cannot be passed by two claims at once.
 */

const ATTEMPT = "loyalty_referral_attempt"

/** The `referrals` settings the checks read, and the program's calendar. */
export type BindingRules = {
  monthly_cap: number | null
  flag_referrals_per_day: number | null
  review_deadline_days: number
  time_zone: string
}

export const DEFAULT_BINDING_RULES: BindingRules = { monthly_cap: null, flag_referrals_per_day: null, review_deadline_days: 14, time_zone: "UTC" }

/**
 * Codes no one has that one IP address may try in an hour, whichever
 * shoppers send them: three shoppers' worth, as an office or a mobile
 * network puts many shoppers behind one address.
 */
export const MAX_UNKNOWN_CODES_PER_IP_PER_HOUR = 30

/** Whether the address (its hash) tried MAX_UNKNOWN_CODES_PER_IP_PER_HOUR different unknown codes in the last hour. */
export async function guessedTooOftenFrom(trx: Knex.Transaction, ipHash: string | null | undefined): Promise<boolean> {
  if (!ipHash) {
    return false
  }
  const { rows } = await trx.raw(
    `SELECT COUNT(DISTINCT code)::int AS tried FROM ${ATTEMPT} WHERE ip_hash = ? AND created_at > now() - interval '1 hour'`,
    [ipHash]
  )
  return rows[0].tried >= MAX_UNKNOWN_CODES_PER_IP_PER_HOUR
}

/** Counts an unknown code against the address; the same code again within the hour counts once. */
export async function recordUnknownCodeFrom(trx: Knex.Transaction, ipHash: string | null | undefined, code: string) {
  if (!ipHash) {
    return
  }
  await trx.raw(
    `INSERT INTO ${ATTEMPT} (id, ip_hash, code)
     SELECT :id, :ipHash, :code
     WHERE NOT EXISTS (SELECT 1 FROM ${ATTEMPT} WHERE ip_hash = :ipHash AND code = :code AND created_at > now() - interval '1 hour')`,
    { id: generateEntityId(undefined, "lyrfa"), ipHash, code }
  )
}

/** Forgets attempts older than a day (the limit looks back one hour); returns how many. */
export async function pruneReferralAttempts(trx: Knex.Transaction): Promise<number> {
  return trx(ATTEMPT).where("created_at", "<", trx.raw("now() - interval '1 day'")).delete()
}

/** Why the binding is refused for fraud, or null: the same shopper again, a disposable inbox, the monthly cap. */
export async function fraudRefusal(
  trx: Knex.Transaction,
  owner: Referrer,
  input: BindReferralInput,
  rules: BindingRules
): Promise<ReferralRefusalReason | null> {
  // The referrer's facts count only when they are the code owner's (read before the lock).
  const referrer = input.referrer?.customer_id === owner.customer_id ? input.referrer : null
  if (input.referee && referrer) {
    const conflict = identityConflict(input.referee, referrer)
    if (conflict) {
      return conflict
    }
  }
  if (input.referee && isDisposableEmail(input.referee.email)) {
    return "disposable_email"
  }
  if (rules.monthly_cap !== null && (await friendsFirstRewardedIn(trx, owner.account_id, rewardMonth(new Date(), rules.time_zone))) >= rules.monthly_cap) {
    return "monthly_cap"
  }
  return null
}

/** Why the binding waits for an admin, or null: the claim came from the referrer's last device, or the referrer binds too fast. */
export async function fraudFlag(
  trx: Knex.Transaction,
  owner: Referrer,
  input: BindReferralInput,
  rules: BindingRules
): Promise<ReferralFlagReason | null> {
  if (input.device_hash) {
    const referrer = await trx("loyalty_account").where({ id: owner.account_id }).first("device_hash")
    if (referrer?.device_hash === input.device_hash) {
      return "same_device"
    }
  }
  if (rules.flag_referrals_per_day !== null) {
    const { rows } = await trx.raw(
      `SELECT COUNT(*)::int AS bound FROM loyalty_referral WHERE referrer_account_id = ? AND bound_at > now() - interval '24 hours'`,
      [owner.account_id]
    )
    if (rows[0].bound >= rules.flag_referrals_per_day) {
      return "velocity"
    }
  }
  return null
}

/** The columns of a referral flagged at `now`: it waits until the deadline, then the program's default decides. */
export function flaggedColumns(reason: ReferralFlagReason, rules: Pick<BindingRules, "review_deadline_days">, now = new Date()) {
  return { status: "flagged" as const, flag_reason: reason, flagged_at: now, review_deadline_at: reviewDeadline(now, rules.review_deadline_days) }
}

/** Whether the shopper's account already holds this device: a plain read, no transaction, no lock. */
export async function isKnownShopperDevice(knex: Knex, customerId: string, deviceHash: string): Promise<boolean> {
  const { rows } = await knex.raw(
    `SELECT 1 FROM loyalty_account WHERE customer_id = :customerId AND device_hash = :deviceHash AND deleted_at IS NULL`,
    { customerId, deviceHash }
  )
  return rows.length > 0
}

/**
 * Keeps the keyed hash of the device the shopper uses now, writing only when
 * it changed. A shopper without an account yet (one from before the plugin)
 * gets one, so the first visit counts. False when nothing changed. The
 * upsert locks the account row even when it changes nothing: callers check
 * isKnownShopperDevice first.
 */
export async function recordShopperDevice(trx: Knex.Transaction, customerId: string, deviceHash: string): Promise<boolean> {
  const { rows } = await trx.raw(
    `INSERT INTO loyalty_account (id, customer_id, device_hash, device_seen_at) VALUES (:id, :customerId, :deviceHash, now())
     ON CONFLICT (customer_id) DO UPDATE SET device_hash = EXCLUDED.device_hash, device_seen_at = EXCLUDED.device_seen_at
     WHERE loyalty_account.device_hash IS DISTINCT FROM EXCLUDED.device_hash
     RETURNING id`,
    { id: generateEntityId(undefined, "lyacc"), customerId, deviceHash }
  )
  return rows.length > 0
}
