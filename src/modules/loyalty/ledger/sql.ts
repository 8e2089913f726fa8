import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { BatchCursor } from "../../../types/loyalty/module"

/** How long a job's last sweep waits for an account another transaction holds. */
const SWEEP_LOCK_TIMEOUT = "20s"

/**
 * A new row id made by PostgreSQL, for rows written set-based: the prefix,
 * then the time in milliseconds and 52 random bits in hex, so ids still sort by
 * time. The random part is random() scaled, not an md5 of it: ids need no hash,
 * and md5 was a few per cent of a million-lot expiry run.
 */
export const sqlNewId = (prefix: string) =>
  `'${prefix}_' || upper(lpad(to_hex(floor(extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || lpad(to_hex(floor(random() * 4503599627370496)::bigint), 14, '0'))`

/**
 * Locks, of the accounts `candidates` lists (the first `limit` after `after`,
 * and up to `until` when given, in id order), those nobody else holds (SKIP
 * LOCKED): two runs at once take different accounts instead of waiting on each
 * other. With `wait_for_locks` (a job's last sweep) it waits for them instead.
 * The lock is taken before the lots are read, in a statement of its own, so a
 * batch then reads what the previous lock holder committed.
 */
export async function lockCandidateAccounts(
  trx: Knex.Transaction,
  candidates: string,
  bindings: Record<string, unknown>,
  { after, until = null, limit, wait_for_locks = false }: BatchCursor
): Promise<{ candidates: string[]; locked: string[] }> {
  // The bound is compared by PostgreSQL, in its own order of ids (its collation, not JavaScript's).
  const bounded = until === null ? candidates : `SELECT * FROM (${candidates}) c WHERE c.account_id <= :until`
  const { rows } = await trx.raw(`${bounded} LIMIT :limit`, { ...bindings, after: after ?? "", until, limit })
  const ids: string[] = rows.map((row: { account_id: string }) => row.account_id)
  if (!ids.length) {
    return { candidates: [], locked: [] }
  }
  const lock = trx("loyalty_account").select("id").whereIn("id", ids).orderBy("id").forUpdate()
  if (wait_for_locks) {
    // In id order, as every batch locks, so two waiting sweeps cannot deadlock; bounded, so a
    // stuck transaction elsewhere fails this sweep (left for the next run) instead of hanging it.
    await trx.raw(`SET LOCAL lock_timeout = '${SWEEP_LOCK_TIMEOUT}'`)
  } else {
    lock.skipLocked()
  }
  const locked = await lock
  return { candidates: ids, locked: locked.map((row: { id: string }) => row.id) }
}

/**
 * The points active holds keep of each lot (lot_id, points), over the holds
 * `where` picks (a condition on the reservation `r`): the parts of lots that
 * are a cart's, which expiry and other debits leave alone.
 */
export const heldParts = (where: string) => `
  SELECT l.lot_id, SUM(l.points)::int AS points
  FROM loyalty_reservation r CROSS JOIN LATERAL jsonb_to_recordset(r.lots) AS l(lot_id text, points integer)
  WHERE r.status = 'active' AND r.deleted_at IS NULL AND (${where})
  GROUP BY l.lot_id`

/** A timestamp as JavaScript writes it (2026-01-31T12:00:00.000Z), for event data. */
export const sqlIsoDate = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/** Writes one outbox event per row of `source` (a query with the event's data as `data`). */
export const outboxInsert = (name: string, source: string) =>
  `INSERT INTO loyalty_outbox_event (id, name, data)
   SELECT ${sqlNewId("lyevt")}, '${name}', data FROM ${source}
   RETURNING id`
