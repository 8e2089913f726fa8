import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { WarnExpiringInput, WarnInactiveInput } from "../../../types/loyalty/module"
import { outboxInsert, sqlIsoDate } from "./sql"

export const POINTS_EXPIRING = "loyalty.points_expiring"

/** A lot whose expiry falls in the warning window and that was never warned (on alias t). */
export const DUE_FOR_WARNING = `t.status = 'available' AND t.remaining > 0 AND t.deleted_at IS NULL
  AND t.expiry_warned_at IS NULL AND t.expires_at > :now AND t.expires_at <= :until`

/**
 * The CTEs `per_account` and `events` of a lot warning: one `loyalty.points_expiring` outbox
 * event per account of the CTE `marked` (the lots just marked: id, account_id, remaining,
 * expires_at), with its points, first expiry and lots.
 */
export const LOT_WARNING_EVENTS = `per_account AS (
      SELECT m.account_id, a.customer_id, SUM(m.remaining) AS points, MIN(m.expires_at) AS expires_at,
        jsonb_agg(jsonb_build_object('transaction_id', m.id, 'points', m.remaining, 'expires_at', ${sqlIsoDate("m.expires_at")})
          ORDER BY m.expires_at, m.id) AS lots
      FROM marked m JOIN loyalty_account a ON a.id = m.account_id
      GROUP BY m.account_id, a.customer_id
    ), events AS (
      ${outboxInsert(
        POINTS_EXPIRING,
        `(SELECT jsonb_build_object('reason', 'expiry', 'account_id', account_id, 'customer_id', customer_id,
                   'points', points, 'expires_at', ${sqlIsoDate("expires_at")}, 'lots', lots) AS data FROM per_account) e`
      )}
    )`

/**
 * Marks the lots of up to `limit` accounts after `after` (id order) that
 * expire within the warning window and were never warned, and writes one
 * `loyalty.points_expiring` outbox event per account for them, in one
 * statement. It takes whole accounts, skipping those another transaction holds
 * (SKIP LOCKED), so two runs at once warn each lot once and each shopper in
 * one event (locking lots alone let two runs split an account). `next_after`
 * is where the next batch starts, null when this one reached the last account
 * with lots to warn; a held account passed over is warned by a later pass.
 */
export async function warnExpiringLots(
  trx: Knex.Transaction,
  { now, until, limit, after = null }: WarnExpiringInput
): Promise<{ lots: number; accounts: number; next_after: string | null }> {
  const { rows } = await trx.raw(
    `
    WITH accounts AS (
      -- LIMIT after SKIP LOCKED: an account a checkout or the other run holds is passed over and
      -- the batch fills up with the next ones, so one held account cannot end the run early.
      -- The cursor is on both sides of the join, so both index scans start at it: without it on
      -- the lots, each batch read every lot of the window from the first account on, warned or not.
      SELECT a.id FROM loyalty_account a
      WHERE a.id > :after
        AND a.id IN (SELECT t.account_id FROM loyalty_transaction t WHERE t.account_id > :after AND ${DUE_FOR_WARNING})
      ORDER BY a.id
      LIMIT :limit
      FOR UPDATE SKIP LOCKED
    ), picked AS (
      -- Locked again row by row: a lot another run marked since this statement began is skipped.
      SELECT t.id FROM loyalty_transaction t
      WHERE t.account_id IN (SELECT id FROM accounts) AND ${DUE_FOR_WARNING}
      FOR UPDATE
    ), marked AS (
      UPDATE loyalty_transaction t SET expiry_warned_at = :now, updated_at = now()
      FROM picked p WHERE t.id = p.id
      RETURNING t.id, t.account_id, t.remaining, t.expires_at
    ), ${LOT_WARNING_EVENTS}
    SELECT (SELECT COUNT(*) FROM marked) AS lots, (SELECT COUNT(*) FROM events) AS accounts,
      (SELECT COUNT(*) FROM accounts) AS locked, (SELECT MAX(id) FROM accounts) AS last_account_id`,
    { now, until, limit, after: after ?? "" }
  )
  const [result] = rows
  return {
    lots: Number(result.lots),
    accounts: Number(result.accounts),
    // Fewer than `limit` locked: no account with lots to warn is left after the last one.
    next_after: Number(result.locked) < limit ? null : result.last_account_id,
  }
}

/**
 * Warns up to `limit` accounts (after `after`, id order) whose points will
 * expire for inactivity within the warning window: their last activity is
 * older than `warn_before` but newer than `inactive_before`, and no warning
 * went out since that activity. One event per account and activity period.
 */
export async function warnInactiveAccounts(
  trx: Knex.Transaction,
  input: WarnInactiveInput
): Promise<{ accounts: number; last_account_id: string | null }> {
  const { rows } = await trx.raw(
    `
    WITH scanned AS (
      SELECT a.id FROM loyalty_account a WHERE a.id > :after ORDER BY a.id LIMIT :limit
    ), picked AS (
      SELECT a.id, GREATEST(COALESCE(a.last_activity_at, a.created_at), CAST(:active_since AS timestamptz)) AS active_at
      FROM loyalty_account a JOIN scanned s ON s.id = a.id
      WHERE a.balance - a.reserved > 0
        AND GREATEST(COALESCE(a.last_activity_at, a.created_at), CAST(:active_since AS timestamptz)) <= :warn_before
        AND GREATEST(COALESCE(a.last_activity_at, a.created_at), CAST(:active_since AS timestamptz)) > :inactive_before
        AND (a.inactivity_warned_at IS NULL OR a.inactivity_warned_at < COALESCE(a.last_activity_at, a.created_at))
      FOR UPDATE OF a SKIP LOCKED
    ), marked AS (
      UPDATE loyalty_account a SET inactivity_warned_at = :now, updated_at = now()
      FROM picked p WHERE a.id = p.id
      RETURNING a.id, a.customer_id, a.balance - a.reserved AS points,
        p.active_at + make_interval(secs => :inactivity_days * 86400) AS expires_at
    ), events AS (
      ${outboxInsert(
        POINTS_EXPIRING,
        `(SELECT jsonb_build_object('reason', 'inactivity', 'account_id', id, 'customer_id', customer_id,
                   'points', points, 'expires_at', ${sqlIsoDate("expires_at")}) AS data FROM marked) e`
      )}
    )
    SELECT (SELECT COUNT(*) FROM events) AS accounts, (SELECT MAX(id) FROM scanned) AS last_account_id`,
    { ...input, after: input.after ?? "" }
  )
  return { accounts: Number(rows[0].accounts), last_account_id: rows[0].last_account_id }
}
