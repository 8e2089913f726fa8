import { generateEntityId, MedusaError } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { normalizeReferralCode, vanityCodeError } from "../../../lib/referral-code"
import type { ReferralCodeOwner } from "../../../types/loyalty/module"
import { invalid } from "./errors"
import type { LedgerStore } from "./ledger-store"

const ACCOUNT = "loyalty_account"
const CODE = "loyalty_referral_code"

/**
 * Takes `code` for `account_id` in the registry of codes unless another
 * shopper has it; true when it is now the account's. ON CONFLICT, not a
 * failed insert, so the caller's transaction goes on when the code is taken.
 */
async function claimCode(trx: Knex.Transaction, accountId: string, code: string, chosen: boolean): Promise<boolean> {
  const { rows } = await trx.raw(
    `INSERT INTO ${CODE} (id, code, account_id, chosen) VALUES (?, ?, ?, ?)
     ON CONFLICT (code) DO NOTHING RETURNING id`,
    [generateEntityId(undefined, "lyrc"), code, accountId, chosen]
  )
  if (rows.length) {
    return true
  }
  const owner = await trx(CODE).where({ code }).first("account_id", "retired_at")
  return owner?.account_id === accountId && owner.retired_at === null
}

/**
 * Gives the customer's account its first referral code, `candidate`, under
 * the account's lock. An account that has a code keeps it (two first reads at
 * once give one code). Returns the account's code, or null when another
 * shopper has `candidate` (the caller draws another).
 */
export async function assignReferralCode(store: LedgerStore, customerId: string, candidate: string): Promise<string | null> {
  const account = await store.lockAccountOfCustomer(customerId)
  if (account.referral_code) {
    return account.referral_code
  }
  const code = normalizeReferralCode(candidate)
  if (!(await claimCode(store.trx, account.id, code, false))) {
    return null
  }
  await store.trx(ACCOUNT).where({ id: account.id }).update({ referral_code: code, updated_at: store.trx.fn.now() })
  return code
}

/**
 * The shopper replaces their code with one of their own, once. The old code
 * stays theirs (retired, for links already shared). The same code again is
 * fine; a code someone else has, or ever had, is refused as a duplicate (422).
 */
export async function changeReferralCode(store: LedgerStore, customerId: string, wanted: string): Promise<string> {
  const error = vanityCodeError(wanted)
  if (error) {
    throw invalid(error)
  }
  const code = normalizeReferralCode(wanted)
  const account = await store.lockAccountOfCustomer(customerId)
  if (account.referral_code === code) {
    return code
  }
  const changed = await store.trx(CODE).where({ account_id: account.id, chosen: true }).first("id")
  if (changed) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The referral code was already changed once; it cannot be changed again.")
  }
  if (!(await claimCode(store.trx, account.id, code, true))) {
    throw new MedusaError(MedusaError.Types.DUPLICATE_ERROR, `The referral code ${code} is taken; choose another.`)
  }
  const now = new Date()
  await store.trx(CODE).where({ account_id: account.id }).whereNot({ code }).whereNull("retired_at").update({ retired_at: now, updated_at: now })
  await store.trx(ACCOUNT).where({ id: account.id }).update({ referral_code: code, updated_at: now })
  return code
}

/** Whose code this is (current or replaced), in any case as typed; null for no one's. */
export async function findReferralCodeOwner(knex: Knex, code: string): Promise<ReferralCodeOwner | null> {
  const row = await knex(CODE)
    .join(ACCOUNT, `${ACCOUNT}.id`, `${CODE}.account_id`)
    .where(`${CODE}.code`, normalizeReferralCode(code))
    .first(`${CODE}.account_id`, `${ACCOUNT}.customer_id`, `${CODE}.code`, `${CODE}.retired_at`)
  return row ? { account_id: row.account_id, customer_id: row.customer_id, code: row.code, current: row.retired_at === null } : null
}
