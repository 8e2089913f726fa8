import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/**
 * The rest of a store's ledger, around the shoppers a benchmark measures: accounts
 * lyacc_bo_0000001…, each with two years of history in ROWS_PER_OTHER_ACCOUNT rows, written with
 * set-based SQL (generate_series, two statements) so a million rows take seconds, not a million
 * service calls. Per account, 13 earn lots 55 days apart: the first 6 spent (a redeem row each,
 * a day later), the 7th expired (a short lot, 30 days, with the expire row the job writes), the
 * next 5 open and available, the last earned 3 days ago and still pending. The rows go in in
 * time order across accounts, as a store writes them, so one account's rows lie on different
 * pages. Each account's cached figures are those of its rows (`verifyAccounts` finds nothing).
 */

export const ROWS_PER_OTHER_ACCOUNT = 20

const LOTS = 13
const SPENT = 6 // lots 1…6
const EXPIRED = 7 // lot 7
const PENDING = 13 // lot 13; 8…12 are open

/** SQL: points of lot `i` of other account `a`, 50 to 499. */
const lotPoints = (a: string, i: string) => `(50 + (${a} * 13 + ${i} * 37) % 450)`
const accountId = (a: string) => `'lyacc_bo_' || lpad(${a}::text, 7, '0')`
const lotId = (a: string, i: string) => `'lytx_bo_' || lpad(${a}::text, 7, '0') || '_' || lpad(${i}::text, 2, '0')`

/** Adds other accounts number `from` to `to` (inclusive) and their rows. */
export async function seedOtherAccounts(knex: Knex, from: number, to: number) {
  if (to < from) {
    return
  }
  await knex.transaction(async (trx) => {
    await trx.raw(
      `INSERT INTO loyalty_account (id, customer_id, balance, pending, lifetime_earned, lifetime_spent,
         last_activity_at, created_at, updated_at)
       SELECT ${accountId("a")}, 'cus_bo_' || lpad(a::text, 7, '0'), f.balance, f.pending, f.earned, f.spent,
         now() - interval '3 days', now() - interval '730 days', now() - interval '3 days'
       FROM generate_series(CAST(:from AS int), CAST(:to AS int)) a CROSS JOIN LATERAL (
         SELECT SUM(p) FILTER (WHERE i > ${EXPIRED} AND i < ${PENDING})::int AS balance,
           SUM(p) FILTER (WHERE i = ${PENDING})::int AS pending,
           SUM(p)::int AS earned,
           SUM(p) FILTER (WHERE i <= ${SPENT})::int AS spent
         FROM (SELECT i, ${lotPoints("a", "i")} AS p FROM generate_series(1, ${LOTS}) i) lots
       ) f
       ORDER BY a`,
      { from, to }
    )
    await trx.raw(
      `WITH lot AS (
         SELECT a, i, ${lotPoints("a", "i")} AS points, ${lotId("a", "i")} AS id,
           CASE WHEN i = ${PENDING} THEN now() - interval '3 days' ELSE now() - (${PENDING} - i) * interval '55 days' END
             - (a % 1440) * interval '1 minute' AS created
         FROM generate_series(1, ${LOTS}) i, generate_series(CAST(:from AS int), CAST(:to AS int)) a
       ), row AS (
         SELECT id, ${accountId("a")} AS account_id, 'earn' AS type, points,
           CASE WHEN i = ${PENDING} THEN 'pending' ELSE 'available' END AS status,
           CASE WHEN i <= ${EXPIRED} THEN 0 ELSE points END AS remaining,
           created + interval '14 days' AS available_at,
           created + CASE WHEN i = ${EXPIRED} THEN interval '30 days' ELSE interval '365 days' END AS expires_at,
           'order_bo_' || a || '_' || i AS order_id, NULL AS reference,
           'bench:other:earn:' || a || ':' || i AS idempotency_key, NULL::jsonb AS details, created AS created_at
         FROM lot
         UNION ALL
         SELECT 'lytx_bo_red_' || substr(id, 9), ${accountId("a")}, 'redeem', -points, 'available', NULL, NULL, NULL,
           'order_bo_spend_' || a || '_' || i, NULL, 'bench:other:redeem:' || a || ':' || i,
           jsonb_build_object('lots', jsonb_build_array(jsonb_build_object('lot_id', id, 'points', points))),
           created + interval '1 day'
         FROM lot WHERE i <= ${SPENT}
         UNION ALL
         SELECT 'lytx_bo_exp_' || substr(id, 9), ${accountId("a")}, 'expire', -points, 'available', NULL, NULL,
           created + interval '30 days', 'order_bo_' || a || '_' || i, id, 'expire:' || id || ':' || points,
           '{"cause":"lot_expired"}'::jsonb, created + interval '30 days'
         FROM lot WHERE i = ${EXPIRED}
       )
       INSERT INTO loyalty_transaction (id, account_id, type, points, status, remaining, available_at, expires_at,
         order_id, reference, idempotency_key, details, created_at, updated_at)
       SELECT id, account_id, type, points, status, remaining, available_at, expires_at,
         order_id, reference, idempotency_key, details, created_at, created_at
       FROM row ORDER BY created_at`,
      { from, to }
    )
  })
}
