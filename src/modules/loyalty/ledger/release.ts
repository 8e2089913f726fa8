import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { outboxInsert } from "./sql"

export const POINTS_AVAILABLE = "loyalty.points_available"

export const ACCOUNTS_WITH_DUE_PENDING = `
  SELECT DISTINCT t.account_id FROM loyalty_transaction t
  WHERE t.status = 'pending' AND t.available_at <= :now
    AND t.deleted_at IS NULL AND t.account_id > :after
  ORDER BY t.account_id`

/**
 * Makes the due pending lots of accounts this transaction has locked
 * available, in one statement, with one `loyalty.points_available` outbox
 * event per account. Accounts with open debt are left out: their released
 * points pay the debt first, lot by lot (the service does those); the ids of
 * those accounts are returned.
 */
export async function releaseLockedAccounts(
  trx: Knex.Transaction,
  accountIds: string[],
  now: Date
): Promise<{ lots: number; points: number; accounts: number; indebted: string[] }> {
  if (!accountIds.length) {
    return { lots: 0, points: 0, accounts: 0, indebted: [] }
  }
  const { rows } = await trx.raw(
    `
    WITH indebted AS (
      SELECT DISTINCT account_id FROM loyalty_transaction
      WHERE account_id = ANY(:ids) AND unsettled > 0 AND deleted_at IS NULL
    ), released AS (
      UPDATE loyalty_transaction t SET status = 'available', updated_at = now()
      WHERE t.account_id = ANY(:ids) AND t.account_id NOT IN (SELECT account_id FROM indebted)
        AND t.status = 'pending' AND t.available_at <= :now AND t.deleted_at IS NULL
      RETURNING t.id, t.account_id, t.remaining
    ), totals AS (
      SELECT account_id, SUM(remaining) AS points, jsonb_agg(id ORDER BY id) AS transaction_ids
      FROM released GROUP BY account_id
    ), accounts_raised AS (
      UPDATE loyalty_account a
      SET balance = a.balance + s.points, pending = a.pending - s.points, updated_at = now()
      FROM totals s WHERE a.id = s.account_id
      RETURNING a.id, a.customer_id, a.balance, s.points, s.transaction_ids
    ), events AS (
      ${outboxInsert(
        POINTS_AVAILABLE,
        `(SELECT jsonb_build_object('account_id', id, 'customer_id', customer_id, 'points', points,
                   'balance', balance, 'transaction_ids', transaction_ids) AS data FROM accounts_raised) e`
      )}
    )
    SELECT (SELECT COUNT(*) FROM released) AS lots,
      COALESCE((SELECT SUM(points) FROM accounts_raised), 0) AS points,
      (SELECT COUNT(*) FROM events) AS accounts,
      COALESCE((SELECT jsonb_agg(account_id) FROM indebted), '[]'::jsonb) AS indebted`,
    { ids: accountIds, now }
  )
  const [totals] = rows
  return {
    lots: Number(totals.lots),
    points: Number(totals.points),
    accounts: Number(totals.accounts),
    indebted: totals.indebted,
  }
}
