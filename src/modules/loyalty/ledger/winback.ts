import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { outboxInsert, sqlIsoDate } from "./sql"

export const WINBACK = "loyalty.winback"

/**
 * Since when an account (alias a) has been quiet: its last order the ledger knows (points
 * earned, spent or an order bonus on one of the shopper's own orders), or its opening.
 */
const QUIET_SINCE = `GREATEST(a.created_at, COALESCE((
    SELECT MAX(t.created_at) FROM loyalty_transaction t
    WHERE t.account_id = a.id AND t.order_id IS NOT NULL AND t.type IN ('earn', 'redeem', 'bonus') AND t.deleted_at IS NULL
  ), a.created_at))`

/** Due for win-back: spendable points, quiet since `quiet_before`, and not written to in this quiet period. */
const DUE = `a.deleted_at IS NULL AND a.balance - a.reserved > 0
  AND ${QUIET_SINCE} <= :quiet_before
  AND (a.winback_sent_at IS NULL OR a.winback_sent_at < ${QUIET_SINCE})`

/** Where the win-back job looks, in id order. */
export const ACCOUNTS_DUE_FOR_WINBACK = `
  SELECT a.id AS account_id FROM loyalty_account a
  WHERE a.id > :after AND ${DUE}
  ORDER BY a.id`

/**
 * Of the accounts this transaction has locked, those still due (another run may have written
 * to them since the candidates were read), with the start of their quiet period, which keys
 * the period's bonus.
 */
export async function dueForWinback(
  trx: Knex.Transaction,
  accountIds: string[],
  quietBefore: Date
): Promise<{ id: string; customer_id: string; quiet_since: Date }[]> {
  if (!accountIds.length) {
    return []
  }
  const { rows } = await trx.raw(
    `SELECT a.id, a.customer_id, ${QUIET_SINCE} AS quiet_since FROM loyalty_account a
     WHERE a.id = ANY(:ids) AND ${DUE} ORDER BY a.id`,
    { ids: accountIds, quiet_before: quietBefore }
  )
  return rows.map((row: { id: string; customer_id: string; quiet_since: string | Date }) => ({
    ...row,
    quiet_since: new Date(row.quiet_since),
  }))
}

/**
 * Marks the accounts written to now and writes one `loyalty.winback` outbox event each, in
 * one statement, with the balance (after the bonus), the next expiry and the bonus credited.
 */
export async function markWinbackSent(
  trx: Knex.Transaction,
  sent: { account_id: string; bonus_points: number | null }[],
  { now, winback_days }: { now: Date; winback_days: number }
): Promise<number> {
  if (!sent.length) {
    return 0
  }
  const { rows } = await trx.raw(
    `
    WITH sent AS (
      SELECT * FROM jsonb_to_recordset(:sent::jsonb) AS s(account_id text, bonus_points integer)
    ), marked AS (
      UPDATE loyalty_account a SET winback_sent_at = :now, updated_at = now()
      FROM sent s WHERE a.id = s.account_id
      RETURNING a.id, a.customer_id, a.balance, a.balance - a.reserved AS points, s.bonus_points,
        (SELECT MIN(t.expires_at) FROM loyalty_transaction t
         WHERE t.account_id = a.id AND t.status = 'available' AND t.remaining > 0
           AND t.expires_at IS NOT NULL AND t.deleted_at IS NULL) AS expires_at
    ), events AS (
      ${outboxInsert(
        WINBACK,
        `(SELECT jsonb_build_object('account_id', id, 'customer_id', customer_id, 'points', points, 'balance', balance,
                   'expires_at', ${sqlIsoDate("expires_at")}, 'bonus_points', bonus_points, 'winback_days', :winback_days::int) AS data
          FROM marked) e`
      )}
    )
    SELECT COUNT(*) AS accounts FROM events`,
    { sent: JSON.stringify(sent), now, winback_days }
  )
  return Number(rows[0].accounts)
}
