import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { ExpiryMoment } from "../../../types/loyalty/module"
import { heldParts, outboxInsert, sqlNewId } from "./sql"

export const POINTS_EXPIRED = "loyalty.points_expired"

/** Where expiry looks for work: accounts with a due lot, or inactive ones with points. */
export const ACCOUNTS_WITH_DUE_LOTS = `
  SELECT DISTINCT t.account_id FROM loyalty_transaction t
  WHERE t.status = 'available' AND t.remaining > 0 AND t.expires_at <= :now
    AND t.deleted_at IS NULL AND t.account_id > :after
  ORDER BY t.account_id`

export const INACTIVE_ACCOUNTS = `
  SELECT a.id AS account_id FROM loyalty_account a
  WHERE a.balance - a.reserved > 0 AND a.id > :after
    AND GREATEST(COALESCE(a.last_activity_at, a.created_at), :active_since) <= :inactive_before
  ORDER BY a.id`

export type { ExpiryMoment }

export type ExpiredTotals = { lots: number; points: number; accounts: number }

/**
 * Expires, for accounts this transaction has locked, every available lot whose
 * time has passed (and every lot of an inactive account), in one statement:
 * one `expire` row per lot keyed by the lot and what it held, the lots and
 * balances lowered, and one `loyalty.points_expired` outbox event per account.
 * Points held for carts are spared: a lot loses only what no active hold keeps
 * of it, and the held rest is spent by the cart's order or expires once the
 * hold ends. A key already spent (a run that committed this very expiry) makes
 * its lot a no-op.
 */
export async function expireLockedAccounts(
  trx: Knex.Transaction,
  accountIds: string[],
  { now, inactive_before = null, active_since = null }: ExpiryMoment
): Promise<ExpiredTotals> {
  if (!accountIds.length) {
    return { lots: 0, points: 0, accounts: 0 }
  }
  const { rows } = await trx.raw(
    `
    WITH accounts AS (
      SELECT a.id,
        (CAST(:inactive_before AS timestamptz) IS NOT NULL AND
         GREATEST(COALESCE(a.last_activity_at, a.created_at), CAST(:active_since AS timestamptz)) <= CAST(:inactive_before AS timestamptz)) AS inactive
      FROM loyalty_account a WHERE a.id = ANY(:ids)
    ), held AS (
      -- Straight off the index of active holds, which holds only accounts with some: the
      -- accounts CTE stays read once, so the lots are joined to it as before.
      ${heldParts("r.account_id = ANY(:ids)")}
    ), lots AS (
      -- remaining only falls, so a lot can expire in parts (a hold ended), each once.
      SELECT t.id, t.account_id, t.remaining - COALESCE(h.points, 0) AS expirable, t.expires_at, t.order_id,
        'expire:' || t.id || ':' || t.remaining AS idempotency_key,
        (acc.inactive AND NOT COALESCE(t.expires_at <= :now, false)) AS for_inactivity
      FROM loyalty_transaction t JOIN accounts acc ON acc.id = t.account_id
      LEFT JOIN held h ON h.lot_id = t.id
      WHERE t.status = 'available' AND t.remaining > 0 AND t.deleted_at IS NULL
        AND (t.expires_at <= :now OR acc.inactive)
    ), expired AS (
      INSERT INTO loyalty_transaction
        (id, account_id, type, points, status, expires_at, order_id, reference, reason, idempotency_key, details)
      SELECT ${sqlNewId("lytx")}, account_id, 'expire', -expirable, 'available',
        expires_at, order_id, id,
        CASE WHEN for_inactivity THEN 'No points earned or spent for too long' END,
        idempotency_key,
        CASE WHEN for_inactivity THEN '{"cause":"inactivity"}'::jsonb ELSE '{"cause":"lot_expired"}'::jsonb END
      FROM lots WHERE expirable > 0
        -- The accounts are locked, so no one else writes these keys meanwhile: a plain
        -- insert behind this check costs less than ON CONFLICT's speculative one.
        AND NOT EXISTS (SELECT 1 FROM loyalty_transaction k WHERE k.idempotency_key = lots.idempotency_key)
      RETURNING account_id, reference, points
    ), lots_lowered AS (
      UPDATE loyalty_transaction t SET remaining = t.remaining + e.points, updated_at = now()
      FROM expired e WHERE t.id = e.reference
      RETURNING t.id
    ), totals AS (
      SELECT account_id, -SUM(points) AS points, COUNT(*) AS lots FROM expired GROUP BY account_id
    ), accounts_lowered AS (
      UPDATE loyalty_account a SET balance = a.balance - s.points, updated_at = now()
      FROM totals s WHERE a.id = s.account_id
      RETURNING a.id, a.customer_id, a.balance, s.points, s.lots
    ), events AS (
      ${outboxInsert(
        POINTS_EXPIRED,
        `(SELECT jsonb_build_object('account_id', id, 'customer_id', customer_id, 'points', points,
                   'lots', lots, 'balance', balance) AS data FROM accounts_lowered) e`
      )}
    )
    SELECT (SELECT COUNT(*) FROM lots_lowered) AS lots,
      COALESCE((SELECT SUM(points) FROM accounts_lowered), 0) AS points,
      (SELECT COUNT(*) FROM events) AS accounts`,
    {
      ids: accountIds,
      now,
      inactive_before,
      active_since: active_since ?? new Date(0),
    }
  )
  const [totals] = rows
  return { lots: Number(totals.lots), points: Number(totals.points), accounts: Number(totals.accounts) }
}
