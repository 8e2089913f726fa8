import type { Knex } from "@medusajs/framework/mikro-orm/knex"

export const BONUS_GRANTED = "loyalty.bonus_granted"

/**
 * Where the birthday job looks: accounts whose birthday ("YYYY-MM-DD" or
 * "MM-DD") ends in one of the `celebrated` month-days, in id order.
 */
export const ACCOUNTS_WITH_BIRTHDAY = `
  SELECT a.id AS account_id FROM loyalty_account a
  WHERE right(a.birthday, 5) = ANY(:celebrated) AND a.deleted_at IS NULL AND a.id > :after
  ORDER BY a.id`

/**
 * Deletes an account nothing has used yet: no figures, no profile, no ledger
 * rows, no holds, no referral code or binding. The conditions sit in the DELETE itself, so an account
 * another transaction wrote meanwhile (which updates the row it locks) is kept.
 */
export async function deleteUnusedAccount(trx: Knex.Transaction, accountId: string): Promise<boolean> {
  const deleted = await trx.raw(
    `DELETE FROM loyalty_account a
     WHERE a.id = ? AND a.balance = 0 AND a.pending = 0 AND a.reserved = 0
       AND a.lifetime_earned = 0 AND a.lifetime_spent = 0
       AND a.birthday IS NULL AND a.newsletter_opt_in IS NULL AND NOT a.notifications_opt_out AND a.referral_code IS NULL
       AND a.referred_by_account_id IS NULL
       AND NOT EXISTS (SELECT 1 FROM loyalty_referral f WHERE f.referee_account_id = a.id OR f.referrer_account_id = a.id)
       AND NOT EXISTS (SELECT 1 FROM loyalty_referral_code c WHERE c.account_id = a.id)
       AND NOT EXISTS (SELECT 1 FROM loyalty_transaction t WHERE t.account_id = a.id)
       AND NOT EXISTS (SELECT 1 FROM loyalty_reservation r WHERE r.account_id = a.id)`,
    [accountId]
  )
  return deleted.rowCount > 0
}
