import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { sqlNewId } from "../../src/modules/loyalty/ledger/sql"

/**
 * The expiry benchmark's store, written with set-based SQL (generate_series, a few statements):
 * `accounts` shoppers cus_bench_000001…, each with `dueLots` available earn lots whose time has
 * passed (1 to `dueLots` days ago, a few minutes apart between shoppers) and `laterLots` that
 * expire in 60 days, which the job must leave alone. Lots go in as a store earns them, round by
 * round across all shoppers, so one shopper's lots lie on different heap pages (as in a live
 * table), not side by side. Each balance is the sum of its lots, so the ledger adds up.
 */

export type ExpiryShape = { accounts: number; dueLots: number; laterLots: number }

/** Points of a shopper's lot number `lot` (SQL expression): 10 to 99. */
const lotPoints = (lot: string) => `(10 + (${lot} * 7) % 90)`

export const BENCH_TABLES = ["loyalty_account", "loyalty_transaction"] as const
const snapshotOf = (table: string) => `bench_snapshot_${table}`

export async function seedExpiryStore(knex: Knex, { accounts, dueLots, laterLots }: ExpiryShape) {
  const perAccount = dueLots + laterLots
  await knex.raw(`
    INSERT INTO loyalty_account (id, customer_id, balance, lifetime_earned, last_activity_at, created_at)
    SELECT 'lyacc_bench_' || lpad(a::text, 6, '0'), 'cus_bench_' || lpad(a::text, 6, '0'),
      s.total, s.total, now() - interval '30 days', now() - interval '400 days'
    FROM generate_series(1, ${accounts}) a,
      (SELECT SUM(${lotPoints("l")})::int AS total FROM generate_series(1, ${perAccount}) l) s
    ORDER BY a`)
  await knex.raw(`
    INSERT INTO loyalty_transaction (id, account_id, type, points, remaining, status, available_at,
      expires_at, order_id, reason, idempotency_key, created_at, updated_at)
    SELECT 'lytx_bench_' || lpad(l::text, 2, '0') || '_' || lpad(a::text, 6, '0'),
      'lyacc_bench_' || lpad(a::text, 6, '0'), 'earn', ${lotPoints("l")}, ${lotPoints("l")}, 'available',
      now() - interval '400 days',
      CASE WHEN l <= ${dueLots} THEN now() - l * interval '1 day' - (a % 97) * interval '1 minute'
           ELSE now() + interval '60 days' END,
      'order_bench_' || lpad(a::text, 6, '0') || '_' || l,
      'Bench earning', 'earn:order_bench_' || a || '_' || l,
      now() - interval '400 days', now() - interval '400 days'
    FROM generate_series(1, ${perAccount}) l, generate_series(1, ${accounts}) a
    ORDER BY l, a`)
}

/** Copies the seeded tables aside, so the hand-written statement gets the very same rows. */
export async function snapshotExpiryStore(knex: Knex) {
  for (const table of BENCH_TABLES) {
    await knex.raw(`DROP TABLE IF EXISTS ${snapshotOf(table)}`)
    await knex.raw(`CREATE TABLE ${snapshotOf(table)} AS TABLE ${table}`)
  }
}

/**
 * Puts the snapshot back: TRUNCATE gives fresh table and index files, and the rows go in in
 * the order they were seeded, so the tables are as they were before the job, not bloated by it.
 */
export async function restoreExpiryStore(knex: Knex) {
  await knex.raw("TRUNCATE loyalty_outbox_event, loyalty_reservation, loyalty_transaction, loyalty_account")
  for (const table of BENCH_TABLES) {
    await knex.raw(`INSERT INTO ${table} SELECT * FROM ${snapshotOf(table)}`)
  }
}

export async function dropExpirySnapshot(knex: Knex) {
  for (const table of BENCH_TABLES) {
    await knex.raw(`DROP TABLE IF EXISTS ${snapshotOf(table)}`)
  }
}

/**
 * Before each timed phase: statistics as autovacuum would have them, and a checkpoint so
 * neither phase pays for writing out what the load before it left dirty.
 */
export async function settleDatabase(knex: Knex) {
  await knex.raw("VACUUM ANALYZE loyalty_account, loyalty_transaction, loyalty_outbox_event")
  try {
    await knex.raw("CHECKPOINT")
  } catch {
    // Not a superuser: the phases then share whatever the background writer leaves.
  }
}

/**
 * What the job does to due lots, as one statement with no batches, no locks, no events: the
 * same expire rows (ids, keys and details as ledger/expiry.ts writes them), the lots lowered
 * to 0 and the balances lowered by what expired. No account here holds points for a cart, so
 * the job spares no held part of a lot; both write the same figures.
 */
export const HAND_WRITTEN_EXPIRY = `
  WITH due AS (
    SELECT id, account_id, remaining, expires_at, order_id FROM loyalty_transaction
    WHERE status = 'available' AND remaining > 0 AND expires_at <= now() AND deleted_at IS NULL
  ), expired AS (
    INSERT INTO loyalty_transaction
      (id, account_id, type, points, status, expires_at, order_id, reference, idempotency_key, details)
    SELECT ${sqlNewId("lytx")}, account_id, 'expire', -remaining, 'available', expires_at, order_id, id,
      'expire:' || id || ':' || remaining, '{"cause":"lot_expired"}'::jsonb
    FROM due
  ), lots AS (
    UPDATE loyalty_transaction t SET remaining = 0, updated_at = now() FROM due WHERE t.id = due.id
  ), balances AS (
    UPDATE loyalty_account a SET balance = a.balance - s.points, updated_at = now()
    FROM (SELECT account_id, SUM(remaining) AS points FROM due GROUP BY account_id) s
    WHERE a.id = s.account_id
  )
  SELECT COUNT(*) AS lots FROM due`

/**
 * The invariants after an expiry (the job's or the hand-written one's): "ok", or what failed.
 * `discrepancies` is what LoyaltyModuleService.verifyAccounts found (account figures that
 * differ from the ledger); the rest is read here.
 */
export async function checkExpiryInvariants(
  knex: Knex,
  { accounts, dueLots, laterLots }: ExpiryShape,
  discrepancies: number
): Promise<string> {
  const problems: string[] = []
  if (discrepancies) problems.push(`verifyAccounts: ${discrepancies} figure(s) differ from the ledger`)
  const { rows } = await knex.raw(`
    SELECT
      (SELECT COUNT(*) FROM loyalty_transaction WHERE type = 'expire') AS expire_rows,
      (SELECT COUNT(*) FROM (SELECT reference FROM loyalty_transaction WHERE type = 'expire'
         GROUP BY reference HAVING COUNT(*) > 1) twice) AS lots_expired_twice,
      (SELECT COUNT(*) FROM loyalty_transaction e JOIN loyalty_transaction lot ON lot.id = e.reference
         WHERE e.type = 'expire' AND (lot.expires_at > now() OR e.points <> -lot.points OR lot.remaining <> 0)) AS wrong_expire_rows,
      (SELECT COUNT(*) FROM loyalty_transaction WHERE type = 'earn' AND expires_at <= now() AND remaining <> 0) AS due_lots_left,
      (SELECT COUNT(*) FROM loyalty_transaction WHERE type = 'earn' AND expires_at > now() AND remaining = points) AS later_lots_intact,
      (SELECT COUNT(*) FROM loyalty_account a LEFT JOIN (
         SELECT account_id, SUM(remaining) AS open FROM loyalty_transaction
         WHERE type = 'earn' AND expires_at > now() GROUP BY account_id) l ON l.account_id = a.id
         WHERE a.balance <> COALESCE(l.open, 0)) AS balances_off,
      (SELECT COUNT(*) FROM loyalty_outbox_event) AS outbox_left`)
  const f = Object.fromEntries(Object.entries(rows[0]).map(([key, value]) => [key, Number(value)]))
  const due = accounts * dueLots
  if (f.expire_rows !== due) problems.push(`${f.expire_rows} expire rows, expected ${due}`)
  if (f.lots_expired_twice) problems.push(`${f.lots_expired_twice} lot(s) expired twice`)
  if (f.wrong_expire_rows) problems.push(`${f.wrong_expire_rows} expire row(s) not matching their lot`)
  if (f.due_lots_left) problems.push(`${f.due_lots_left} due lot(s) left open`)
  if (f.later_lots_intact !== accounts * laterLots) {
    problems.push(`${f.later_lots_intact} lots not due left intact, expected ${accounts * laterLots}`)
  }
  if (f.balances_off) problems.push(`${f.balances_off} balance(s) not the sum of the lots not due`)
  if (f.outbox_left) problems.push(`${f.outbox_left} event(s) left in loyalty_outbox_event`)
  return problems.length ? problems.join("; ") : "ok"
}
