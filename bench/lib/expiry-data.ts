import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { POINTS_EXPIRED } from "../../src/modules/loyalty/ledger/expiry"
import { DUE_FOR_WARNING, LOT_WARNING_EVENTS, POINTS_EXPIRING } from "../../src/modules/loyalty/ledger/warnings"
import { heldParts, outboxInsert, sqlIsoDate, sqlNewId } from "../../src/modules/loyalty/ledger/sql"

/**
 * The expiry benchmark's store, written with set-based SQL (generate_series, a few statements):
 * `accounts` shoppers cus_bench_000001…, each with `dueLots` available earn lots whose time has
 * passed (1 to `dueLots` days ago, a few minutes apart between shoppers) and one that expires in
 * 60 days, which the job must leave alone. Around them, what a store has on the night the job
 * runs (shares of the accounts, by account number):
 *
 * - warning window: a fifth have a lot expiring in 1 to 13 days that was never warned (the job
 *   warns it), another fifth one that yesterday's run warned already (the job must not again);
 * - pending: a fifth have a lot earned days ago, still pending (never expired, even when inactive);
 * - holds: a tenth have points held for a cart (100 points of their first-expiring due lots, an
 *   active reservation), which expiry spares;
 * - inactivity is on (INACTIVITY_DAYS, switched on long ago): a tenth have been inactive longer
 *   than that (everything they have available and not held expires; half of them hold points
 *   for a cart), and a tenth will be within the warning window (warned for inactivity).
 *
 * Lots go in as a store earns them, round by round across all shoppers, so one shopper's lots
 * lie on different heap pages. Each account's figures are its rows' (`verifyAccounts` finds
 * nothing).
 */

export type ExpiryShape = { accounts: number; dueLots: number }

/** Days of inactivity after which a shopper's points expire, in the benchmark's program. */
export const INACTIVITY_DAYS = 180
/** The program's default warning window, in days. */
export const WARNING_DAYS = 14

/** Points of a shopper's lot number `lot` (SQL expression): 10 to 99. */
const lotPoints = (lot: string) => `(10 + (${lot} * 7) % 90)`
const accountId = (a: string) => `'lyacc_bench_' || lpad(${a}::text, 6, '0')`
const lotId = (a: string, lot: string) => `'lytx_bench_' || lpad(${lot}::text, 2, '0') || '_' || lpad(${a}::text, 6, '0')`
/** Points one hold keeps: all of the first-expiring due lot and some of the next. */
const HELD_POINTS = 100

/** Which accounts have what (SQL conditions on the account number `a`). */
const HAS = {
  unwarned: (a: string) => `${a} % 5 = 0`,
  warned: (a: string) => `${a} % 5 = 1`,
  pending: (a: string) => `${a} % 10 IN (3, 4)`,
  hold: (a: string) => `${a} % 20 IN (2, 4)`,
  inactive: (a: string) => `${a} % 10 = 4`,
  inactivityWarning: (a: string) => `${a} % 10 = 5`,
}

export const BENCH_TABLES = ["loyalty_account", "loyalty_transaction", "loyalty_reservation"] as const
const snapshotOf = (table: string) => `bench_snapshot_${table}`

export async function seedExpiryStore(knex: Knex, { accounts, dueLots }: ExpiryShape) {
  const later = dueLots + 1
  const window = dueLots + 2
  const pending = dueLots + 3
  if (lotPointsOf(dueLots) + lotPointsOf(dueLots - 1) < HELD_POINTS || lotPointsOf(dueLots) >= HELD_POINTS) {
    throw new Error(`A hold of ${HELD_POINTS} points must take lot ${dueLots} and part of lot ${dueLots - 1}`)
  }
  // Lot `l` of account `a`: due lots 1…dueLots, the later lot, the one in the warning window, the pending one.
  const lots = `
    SELECT a, l FROM generate_series(1, ${accounts}) a, generate_series(1, ${later}) l
    UNION ALL SELECT a, ${window} FROM generate_series(1, ${accounts}) a WHERE ${HAS.unwarned("a")} OR ${HAS.warned("a")}
    UNION ALL SELECT a, ${pending} FROM generate_series(1, ${accounts}) a WHERE ${HAS.pending("a")}`
  await knex.raw(`
    INSERT INTO loyalty_account (id, customer_id, balance, pending, reserved, lifetime_earned, last_activity_at, created_at)
    SELECT ${accountId("a")}, 'cus_bench_' || lpad(a::text, 6, '0'),
      SUM(${lotPoints("l")}) FILTER (WHERE l <> ${pending}),
      COALESCE(SUM(${lotPoints("l")}) FILTER (WHERE l = ${pending}), 0),
      CASE WHEN ${HAS.hold("a")} THEN ${HELD_POINTS} ELSE 0 END,
      SUM(${lotPoints("l")}),
      now() - CASE WHEN ${HAS.inactive("a")} THEN interval '${INACTIVITY_DAYS + 20} days'
                   WHEN ${HAS.inactivityWarning("a")} THEN interval '${INACTIVITY_DAYS - 10} days'
                   ELSE interval '30 days' END,
      now() - interval '400 days'
    FROM (${lots}) lot
    GROUP BY a ORDER BY a`)
  await knex.raw(`
    INSERT INTO loyalty_transaction (id, account_id, type, points, remaining, status, available_at,
      expires_at, expiry_warned_at, order_id, reason, idempotency_key, created_at, updated_at)
    SELECT ${lotId("a", "l")}, ${accountId("a")}, 'earn', ${lotPoints("l")}, ${lotPoints("l")},
      CASE WHEN l = ${pending} THEN 'pending' ELSE 'available' END,
      CASE WHEN l = ${pending} THEN now() + interval '5 days' ELSE now() - interval '400 days' END,
      CASE WHEN l <= ${dueLots} THEN now() - l * interval '1 day' - (a % 97) * interval '1 minute'
           WHEN l = ${later} THEN now() + interval '60 days'
           -- Whole days and a half from now: far from the window's edges however long the run takes.
           WHEN l = ${window} THEN now() + (1 + a % 12) * interval '1 day' + interval '12 hours'
           ELSE now() + interval '360 days' END,
      CASE WHEN l = ${window} AND ${HAS.warned("a")} THEN now() - interval '1 day' END,
      'order_bench_' || lpad(a::text, 6, '0') || '_' || l,
      'Bench earning', 'earn:order_bench_' || a || '_' || l,
      now() - interval '400 days', now() - interval '400 days'
    FROM (${lots}) lot
    ORDER BY l, a`)
  // The holds: the whole first-expiring due lot and the rest of the points from the next.
  await knex.raw(`
    INSERT INTO loyalty_reservation (id, cart_id, account_id, points, lots, status, expires_at)
    SELECT 'lyres_bench_' || lpad(a::text, 6, '0'), 'cart_bench_' || a, ${accountId("a")}, ${HELD_POINTS},
      jsonb_build_array(
        jsonb_build_object('lot_id', ${lotId("a", String(dueLots))}, 'points', ${lotPoints(String(dueLots))}),
        jsonb_build_object('lot_id', ${lotId("a", String(dueLots - 1))}, 'points', ${HELD_POINTS} - ${lotPoints(String(dueLots))})),
      'active', now() + interval '1 day'
    FROM generate_series(1, ${accounts}) a WHERE ${HAS.hold("a")}`)
}

function lotPointsOf(lot: number) {
  return 10 + ((lot * 7) % 90)
}

/**
 * Inactivity expiry on, for INACTIVITY_DAYS, switched on long enough ago that it applies now;
 * the program's default warning window. Call after the program row exists.
 */
export async function switchInactivityOn(knex: Knex) {
  await knex.raw(
    `UPDATE loyalty_program SET inactivity_days = ?, expiry_warning_days = ?, inactivity_enabled_at = now() - interval '400 days'`,
    [INACTIVITY_DAYS, WARNING_DAYS]
  )
}

/** Copies the seeded tables aside, so every side of the benchmark gets the very same rows. */
export async function snapshotExpiryStore(knex: Knex) {
  for (const table of BENCH_TABLES) {
    await knex.raw(`DROP TABLE IF EXISTS ${snapshotOf(table)}`)
    await knex.raw(`CREATE TABLE ${snapshotOf(table)} AS TABLE ${table}`)
  }
}

/**
 * Puts the snapshot back: TRUNCATE gives fresh table and index files, and the rows go in in
 * the order they were seeded, so the tables are as they were before any side ran, not bloated
 * by it. The secondary indexes are dropped first and built again after the rows are in (as
 * CREATE INDEX builds them, sorted), which takes a third of the time of filling them row by row.
 */
export async function restoreExpiryStore(knex: Knex) {
  const { rows: indexes } = await knex.raw(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename = ANY(?)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [[...BENCH_TABLES]]
  )
  // The order points by day too: the ledger's insert trigger writes them again from the rows.
  await knex.raw(
    "TRUNCATE loyalty_outbox_event, loyalty_reservation, loyalty_transaction, loyalty_account, loyalty_order_points_day"
  )
  for (const { indexname } of indexes) {
    await knex.raw(`DROP INDEX "${indexname}"`)
  }
  for (const table of BENCH_TABLES) {
    await knex.raw(`INSERT INTO ${table} SELECT * FROM ${snapshotOf(table)}`)
  }
  for (const { indexdef } of indexes) {
    await knex.raw(indexdef)
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
  await knex.raw("VACUUM ANALYZE loyalty_account, loyalty_transaction, loyalty_reservation, loyalty_outbox_event")
  try {
    await knex.raw("CHECKPOINT")
  } catch {
    // Not a superuser: the phases then share whatever the background writer leaves.
  }
}

// ------------------------------------------------------------------------------------------------
// The hand-written baselines

/** The moments one expiry run works with, as the job computes them from its settings. */
export type ExpiryRunMoment = {
  now: Date
  /** End of the warning window: now + expiry_warning_days. */
  until: Date
  /** Inactive when the last activity is at or before this: now − inactivity_days. */
  inactive_before: Date
  /** Warned for inactivity when the last activity is at or before this: inactive_before + the window. */
  warn_before: Date
  /** When inactivity expiry was switched on. */
  active_since: Date
}

const DAY = 24 * 60 * 60 * 1000

export function expiryRunMoment(activeSince: Date, now = new Date()): ExpiryRunMoment {
  const inactive_before = new Date(now.getTime() - INACTIVITY_DAYS * DAY)
  return {
    now,
    until: new Date(now.getTime() + WARNING_DAYS * DAY),
    inactive_before,
    warn_before: new Date(inactive_before.getTime() + WARNING_DAYS * DAY),
    active_since: activeSince,
  }
}

/** Accounts from `:from` to `:to` (inclusive, in PostgreSQL's order of ids), or all. */
export type AccountRange = { from: string; to: string } | null

const inRange = (column: string, range: AccountRange) =>
  range ? `${column} >= :from AND ${column} <= :to` : "true"

/**
 * What the job writes, by hand, with no batches, no locks and no delivery, for the accounts of
 * `range` (all when null): the expiry (each due lot, and every available lot of an inactive
 * shopper, loses what no cart holds of it: one expire row keyed as ledger/expiry.ts keys it,
 * the lot and the balance lowered, one loyalty.points_expired outbox event per shopper and
 * cause), then the warnings (each lot of the window never warned is marked, one
 * loyalty.points_expiring per shopper; each shopper about to lose points for inactivity is
 * marked, one event each). Three statements, each its own: the warnings read what the expiry left.
 */
export function handWrittenExpiry(range: AccountRange): string[] {
  const expiry = `
    WITH inactive AS (
      SELECT a.id FROM loyalty_account a
      WHERE GREATEST(COALESCE(a.last_activity_at, a.created_at), :active_since) <= :inactive_before
        AND ${inRange("a.id", range)}
    ), held AS (
      ${heldParts(inRange("r.account_id", range))}
    ), due AS (
      SELECT t.id, t.account_id, t.remaining, t.remaining - COALESCE(h.points, 0) AS expirable,
        t.expires_at, t.order_id, NOT COALESCE(t.expires_at <= :now, false) AS for_inactivity
      FROM loyalty_transaction t LEFT JOIN held h ON h.lot_id = t.id
      WHERE t.status = 'available' AND t.remaining > 0 AND t.deleted_at IS NULL AND ${inRange("t.account_id", range)}
        AND (t.expires_at <= :now OR t.account_id IN (SELECT id FROM inactive))
        AND t.remaining > COALESCE(h.points, 0)
    ), expired AS (
      INSERT INTO loyalty_transaction
        (id, account_id, type, points, status, expires_at, order_id, reference, reason, idempotency_key, details)
      SELECT ${sqlNewId("lytx")}, account_id, 'expire', -expirable, 'available', expires_at, order_id, id,
        CASE WHEN for_inactivity THEN 'No points earned or spent for too long' END,
        'expire:' || id || ':' || remaining,
        CASE WHEN for_inactivity THEN '{"cause":"inactivity"}'::jsonb ELSE '{"cause":"lot_expired"}'::jsonb END
      FROM due
    ), lots AS (
      UPDATE loyalty_transaction t SET remaining = t.remaining - due.expirable, updated_at = now()
      FROM due WHERE t.id = due.id
    ), per_cause AS (
      SELECT account_id, for_inactivity, SUM(expirable) AS points, COUNT(*) AS lots FROM due GROUP BY account_id, for_inactivity
    ), balances AS (
      UPDATE loyalty_account a SET balance = a.balance - s.points, updated_at = now()
      FROM (SELECT account_id, SUM(points) AS points FROM per_cause GROUP BY account_id) s
      WHERE a.id = s.account_id
    ), events AS (
      ${outboxInsert(
        POINTS_EXPIRED,
        `(SELECT jsonb_build_object('account_id', a.id, 'customer_id', a.customer_id, 'points', c.points,
                   'lots', c.lots, 'balance', a.balance - c.points) AS data
          FROM per_cause c JOIN loyalty_account a ON a.id = c.account_id) e`
      )}
    )
    SELECT (SELECT COUNT(*) FROM due) AS lots`
  const lotWarnings = `
    WITH marked AS (
      UPDATE loyalty_transaction t SET expiry_warned_at = :now, updated_at = now()
      WHERE ${DUE_FOR_WARNING} AND ${inRange("t.account_id", range)}
      RETURNING t.id, t.account_id, t.remaining, t.expires_at
    ), ${LOT_WARNING_EVENTS}
    SELECT (SELECT COUNT(*) FROM marked) AS lots`
  const inactivityWarnings = `
    WITH marked AS (
      UPDATE loyalty_account a SET inactivity_warned_at = :now, updated_at = now()
      WHERE a.balance - a.reserved > 0 AND ${inRange("a.id", range)}
        AND GREATEST(COALESCE(a.last_activity_at, a.created_at), :active_since) <= :warn_before
        AND GREATEST(COALESCE(a.last_activity_at, a.created_at), :active_since) > :inactive_before
        AND (a.inactivity_warned_at IS NULL OR a.inactivity_warned_at < COALESCE(a.last_activity_at, a.created_at))
      RETURNING a.id, a.customer_id, a.balance - a.reserved AS points,
        GREATEST(COALESCE(a.last_activity_at, a.created_at), :active_since) + interval '${INACTIVITY_DAYS} days' AS expires_at
    ), events AS (
      ${outboxInsert(
        POINTS_EXPIRING,
        `(SELECT jsonb_build_object('reason', 'inactivity', 'account_id', id, 'customer_id', customer_id,
                   'points', points, 'expires_at', ${sqlIsoDate("expires_at")}) AS data FROM marked) e`
      )}
    )
    SELECT (SELECT COUNT(*) FROM marked) AS accounts`
  return [expiry, lotWarnings, inactivityWarnings]
}

export type BaselineTimes = { expire_seconds: number; warn_seconds: number }

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9

/** The hand-written statements over all accounts at once: each statement one transaction. */
export async function runSingleStatements(knex: Knex, moment: ExpiryRunMoment): Promise<BaselineTimes> {
  const [expiry, ...warnings] = handWrittenExpiry(null)
  let started = process.hrtime.bigint()
  await knex.raw(expiry, moment)
  const expireSeconds = seconds(started)
  started = process.hrtime.bigint()
  for (const statement of warnings) {
    await knex.raw(statement, moment)
  }
  return { expire_seconds: expireSeconds, warn_seconds: seconds(started) }
}

/**
 * The same statements split over ranges of `rangeSize` accounts, `concurrency` ranges at once
 * (each range its own transaction), as the job splits its work: the expiry over every range,
 * then the warnings over every range.
 */
export async function runRangeSplitStatements(
  knex: Knex,
  moment: ExpiryRunMoment,
  { rangeSize, concurrency }: { rangeSize: number; concurrency: number }
): Promise<BaselineTimes & { ranges: number }> {
  const { rows } = await knex.raw(
    `SELECT MIN(id) AS "from", MAX(id) AS "to" FROM (
       SELECT id, (row_number() OVER (ORDER BY id) - 1) / :size AS part FROM loyalty_account
     ) a GROUP BY part ORDER BY part`,
    { size: rangeSize }
  )
  const ranges: { from: string; to: string }[] = rows
  const overRanges = async (statementsOf: (range: AccountRange) => string[]) => {
    let next = 0
    const worker = async () => {
      while (next < ranges.length) {
        const range = ranges[next++]
        for (const statement of statementsOf(range)) {
          await knex.raw(statement, { ...moment, ...range })
        }
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
  }
  let started = process.hrtime.bigint()
  await overRanges((range) => handWrittenExpiry(range).slice(0, 1))
  const expireSeconds = seconds(started)
  started = process.hrtime.bigint()
  await overRanges((range) => handWrittenExpiry(range).slice(1))
  return { expire_seconds: expireSeconds, warn_seconds: seconds(started), ranges: ranges.length }
}

// ------------------------------------------------------------------------------------------------
// What a run must leave

/** The events a run must write: loyalty.points_expired and loyalty.points_expiring. */
export type ExpectedEvents = { expired: number; expiring: number }

/**
 * What any correct run leaves, read from the snapshot: per lot what it must keep (what carts
 * hold of a due lot or of an inactive shopper's lot, all of any other), which lots must be
 * warned, which shoppers warned for inactivity, and how many events of each kind.
 */
const EXPECTED = `
  WITH inactive AS (
    SELECT a.id FROM bench_snapshot_loyalty_account a
    WHERE GREATEST(COALESCE(a.last_activity_at, a.created_at), :active_since) <= :inactive_before
  ), held AS (
    SELECT l.lot_id, SUM(l.points) AS points
    FROM bench_snapshot_loyalty_reservation r CROSS JOIN LATERAL jsonb_to_recordset(r.lots) AS l(lot_id text, points integer)
    WHERE r.status = 'active' GROUP BY l.lot_id
  ), lot AS (
    SELECT t.id, t.account_id, t.points, t.remaining, t.status, t.expiry_warned_at,
      t.status = 'available' AND t.remaining > 0 AND t.remaining > COALESCE(h.points, 0)
        AND (t.expires_at <= :now OR t.account_id IN (SELECT id FROM inactive)) AS expires,
      COALESCE(t.expires_at <= :now, false) AS by_date,
      CASE WHEN t.status = 'available' AND t.remaining > 0
             AND (t.expires_at <= :now OR t.account_id IN (SELECT id FROM inactive))
           THEN LEAST(t.remaining, COALESCE(h.points, 0)) ELSE t.remaining END AS kept,
      t.expires_at
    FROM bench_snapshot_loyalty_transaction t LEFT JOIN held h ON h.lot_id = t.id
    WHERE t.points > 0
  ), lot_after AS (
    SELECT *, kept > 0 AND status = 'available' AND expiry_warned_at IS NULL
      AND expires_at > :now AND expires_at <= :until AS to_warn
    FROM lot
  ), inactivity_warned AS (
    SELECT a.id FROM bench_snapshot_loyalty_account a
    WHERE GREATEST(COALESCE(a.last_activity_at, a.created_at), :active_since) <= :warn_before
      AND GREATEST(COALESCE(a.last_activity_at, a.created_at), :active_since) > :inactive_before
      AND a.balance - a.reserved > 0
  )`

export async function expectedEvents(knex: Knex, moment: ExpiryRunMoment): Promise<ExpectedEvents & { lots: number }> {
  const { rows } = await knex.raw(
    `${EXPECTED}
     SELECT (SELECT COUNT(DISTINCT account_id) FROM lot WHERE expires AND by_date)
          + (SELECT COUNT(DISTINCT account_id) FROM lot WHERE expires AND NOT by_date) AS expired,
       (SELECT COUNT(DISTINCT account_id) FROM lot_after WHERE to_warn)
          + (SELECT COUNT(*) FROM inactivity_warned) AS expiring,
       (SELECT COUNT(*) FROM lot WHERE expires) AS lots`,
    moment
  )
  return { expired: Number(rows[0].expired), expiring: Number(rows[0].expiring), lots: Number(rows[0].lots) }
}

/**
 * The invariants after a run (the job's or a hand-written one's): "ok", or what failed.
 * `discrepancies` is what LoyaltyModuleService.verifyAccounts found (account figures that
 * differ from the ledger, holds beyond their lots); `events` what the run sent (the job) or
 * left in the outbox (null: count the outbox, as the hand-written statements do not deliver).
 */
export async function checkExpiryInvariants(
  knex: Knex,
  moment: ExpiryRunMoment,
  discrepancies: number,
  events: ExpectedEvents | null
): Promise<string> {
  const problems: string[] = []
  if (discrepancies) problems.push(`verifyAccounts: ${discrepancies} finding(s)`)
  const { rows } = await knex.raw(
    `${EXPECTED}, expire_row AS (
       SELECT e.reference, e.points, e.idempotency_key, e.details->>'cause' AS cause FROM loyalty_transaction e WHERE e.type = 'expire'
     )
     SELECT
       (SELECT COUNT(*) FROM expire_row) AS expire_rows,
       (SELECT COUNT(*) FROM lot WHERE expires) AS expected_expire_rows,
       (SELECT COUNT(*) FROM (SELECT reference FROM expire_row GROUP BY reference HAVING COUNT(*) > 1) twice) AS lots_expired_twice,
       (SELECT COUNT(*) FROM expire_row e LEFT JOIN lot l ON l.id = e.reference
          WHERE l.id IS NULL OR NOT l.expires OR e.points <> l.kept - l.remaining
            OR e.idempotency_key <> 'expire:' || l.id || ':' || l.remaining
            OR e.cause <> CASE WHEN l.by_date THEN 'lot_expired' ELSE 'inactivity' END) AS wrong_expire_rows,
       (SELECT COUNT(*) FROM lot l JOIN loyalty_transaction t ON t.id = l.id
          WHERE t.remaining <> l.kept OR t.status <> l.status) AS lots_off,
       (SELECT COUNT(*) FROM lot_after l JOIN loyalty_transaction t ON t.id = l.id
          WHERE (t.expiry_warned_at IS NOT NULL) <> (l.to_warn OR l.expiry_warned_at IS NOT NULL)
            OR (l.expiry_warned_at IS NOT NULL AND t.expiry_warned_at <> l.expiry_warned_at)) AS warnings_off,
       (SELECT COUNT(*) FROM loyalty_account a
          WHERE (a.inactivity_warned_at IS NOT NULL) <> (a.id IN (SELECT id FROM inactivity_warned))) AS inactivity_warnings_off,
       (SELECT COUNT(*) FROM loyalty_outbox_event WHERE name = '${POINTS_EXPIRED}') AS outbox_expired,
       (SELECT COUNT(*) FROM loyalty_outbox_event WHERE name = '${POINTS_EXPIRING}') AS outbox_expiring,
       (SELECT COUNT(*) FROM loyalty_outbox_event) AS outbox_all`,
    moment
  )
  const f = Object.fromEntries(Object.entries(rows[0]).map(([key, value]) => [key, Number(value)]))
  if (f.expire_rows !== f.expected_expire_rows) problems.push(`${f.expire_rows} expire rows, expected ${f.expected_expire_rows}`)
  if (f.lots_expired_twice) problems.push(`${f.lots_expired_twice} lot(s) expired twice`)
  if (f.wrong_expire_rows) problems.push(`${f.wrong_expire_rows} expire row(s) not matching their lot`)
  if (f.lots_off) problems.push(`${f.lots_off} lot(s) not keeping what they should (held, not due, pending)`)
  if (f.warnings_off) problems.push(`${f.warnings_off} lot(s) warned when they should not be or not when they should`)
  if (f.inactivity_warnings_off) problems.push(`${f.inactivity_warnings_off} shopper(s) warned for inactivity wrongly or not`)
  const expected = await expectedEvents(knex, moment)
  const sent = events ?? { expired: f.outbox_expired, expiring: f.outbox_expiring }
  if (sent.expired !== expected.expired) problems.push(`${sent.expired} ${POINTS_EXPIRED} events, expected ${expected.expired}`)
  if (sent.expiring !== expected.expiring) problems.push(`${sent.expiring} ${POINTS_EXPIRING} events, expected ${expected.expiring}`)
  if (events && f.outbox_all) problems.push(`${f.outbox_all} event(s) left in loyalty_outbox_event`)
  return problems.length ? problems.join("; ") : "ok"
}
