import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { ExportedLedgerRow, ExportedMember, LedgerExportCursor } from "../../../types/loyalty/module"

export type { ExportedLedgerRow, ExportedMember, LedgerExportCursor }

/**
 * Pages of the CRM exports, read by keyset (never OFFSET): each page starts
 * where the last ended, so an export of any size costs one pass and holds one
 * page in memory. Plain reads, no locks: an export is a moment's picture, and a
 * row written meanwhile shows in it or in the next.
 */

/** Members (accounts) after `after` in id order. */
export async function readMembersPage(knex: Knex, after: string | null, limit: number): Promise<ExportedMember[]> {
  const { rows } = await knex.raw(
    `SELECT id, customer_id, balance, pending, reserved, lifetime_earned, lifetime_spent, tier_id,
            last_activity_at, created_at
     FROM loyalty_account
     WHERE deleted_at IS NULL AND id > :after
     ORDER BY id
     LIMIT :limit`,
    { after: after ?? "", limit }
  )
  return rows
}

/**
 * Ledger rows written in [from, to), by account, then time, after `after`: the
 * order the (account_id, created_at) index keeps, so every page continues the
 * index where the last one stopped.
 */
export async function readLedgerPage(
  knex: Knex,
  input: { from: Date; to: Date; after: LedgerExportCursor | null; limit: number }
): Promise<ExportedLedgerRow[]> {
  const after = input.after ?? { account_id: "", created_at: "-infinity", id: "" }
  // The cursor's created_at is the row's own text, to the microsecond: a JavaScript Date
  // holds milliseconds, and a cursor rounded down would read its own page again.
  const { rows } = await knex.raw(
    `SELECT t.id, t.account_id, a.customer_id, t.type, t.points, t.status, t.remaining, t.available_at,
            t.expires_at, t.order_id, t.reason, t.reference, t.created_by, t.created_at,
            t.created_at::text AS cursor_created_at
     FROM loyalty_transaction t
     JOIN loyalty_account a ON a.id = t.account_id
     WHERE (t.account_id, t.created_at) >= (:account_id, CAST(:created_at AS timestamptz))
       AND (t.account_id, t.created_at, t.id) > (:account_id, CAST(:created_at AS timestamptz), :id)
       AND t.created_at >= :from AND t.created_at < :to AND t.deleted_at IS NULL
     ORDER BY t.account_id, t.created_at, t.id
     LIMIT :limit`,
    { ...after, from: input.from, to: input.to, limit: input.limit }
  )
  return rows
}

/** How many rows each export holds, for the admin's progress. */
export async function countExportRows(knex: Knex, period?: { from: Date; to: Date }): Promise<number> {
  const { rows } = period
    ? await knex.raw(
        `SELECT COUNT(*) AS count FROM loyalty_transaction
         WHERE created_at >= :from AND created_at < :to AND deleted_at IS NULL`,
        period
      )
    : await knex.raw(`SELECT COUNT(*) AS count FROM loyalty_account WHERE deleted_at IS NULL`)
  return Number(rows[0].count)
}
