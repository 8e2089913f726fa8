import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { ReportRows } from "../../../../lib/reports"

/**
 * The report's SQL, all of it. It reads Medusa's `order` and `order_summary`
 * tables beside the plugin's own on purpose: the figures compare members'
 * orders with everyone else's, and only a set-based query in the one database
 * can do that for a year of a large store (loading order ids into Node cannot).
 * Nothing else in the plugin reads another module's tables.
 */

/**
 * The condition an account must meet for its customer to count as a member,
 * on the alias `a` of `loyalty_account`. The one place that says so: every
 * member figure below goes through it.
 */
// A customer in the holdout group has an account (it keeps their draw) but is not enrolled.
export const memberAccount = (a: string) => `${a}.deleted_at IS NULL AND ${a}.holdout IS NOT TRUE`

/** Memory each sort or hash of a report query may take before it spills to disk (admin-only, rare). */
const REPORT_WORK_MEM = "64MB"

/** Credits that issue points (restores give back what was spent; they are not issued). */
const ISSUING = `('earn', 'bonus', 'referral', 'adjust')`

/**
 * The period's orders: placed in [from, to), neither drafts nor canceled nor
 * deleted, of a customer; each with its value (the live summary of its
 * current version: current_order_total, in the currency's main unit) and what the ledger says of
 * it. They are added up per customer and currency (`customer_currency`), then
 * per customer (`customers`), each customer in one group: non_members;
 * redeemers, members with an order of the period paid partly with points;
 * non_redeemers, the other members. Every step is a hash join or aggregate over
 * whole tables: a year of a large store is most of its orders, where an index
 * lookup per order is the slow plan.
 */
const PERIOD_ORDERS = `
  period_orders AS NOT MATERIALIZED (
    SELECT o.id, o.customer_id, o.currency_code, o.version
    FROM "order" o
    WHERE o.created_at >= :from AND o.created_at < :to
      AND o.deleted_at IS NULL AND o.is_draft_order = false
      AND o.canceled_at IS NULL AND o.status NOT IN ('canceled', 'draft')
      AND o.customer_id IS NOT NULL
  ),
  -- The summary of the order's current version, as Medusa reads it (one hash join, no search
  -- for the latest of each order's versions). OFFSET 0 keeps the value taken out of the totals
  -- here: pulled up into the join, the whole jsonb (900 bytes a row) went through the hash and
  -- the sort, hundreds of MB on disk at a million orders.
  order_values AS NOT MATERIALIZED (
    SELECT s.order_id, s.version, (s.totals->>'current_order_total')::numeric AS total
    FROM order_summary s
    WHERE s.deleted_at IS NULL
    OFFSET 0
  ),
  order_ledger AS NOT MATERIALIZED (
    SELECT t.order_id,
      bool_or(t.type IN ('earn', 'bonus') AND t.points > 0) AS earned,
      bool_or(t.type = 'redeem') AS paid_with_points,
      -SUM(CASE WHEN t.type IN ('redeem', 'restore') THEN t.points ELSE 0 END) AS redeemed_points
    FROM loyalty_transaction t
    -- An order's rows are written once it exists (placed, then returned or canceled): none of
    -- a period's orders has a row from before the period, and older history need not be read.
    WHERE t.type IN ('earn', 'bonus', 'redeem', 'restore') AND t.deleted_at IS NULL AND t.order_id IS NOT NULL
      AND t.created_at >= :from
    GROUP BY t.order_id
  ),
  customer_currency AS (
    SELECT o.customer_id, o.currency_code,
      COUNT(*) AS orders,
      COUNT(*) FILTER (WHERE l.earned) AS earning_orders,
      COUNT(*) FILTER (WHERE l.paid_with_points) AS points_orders,
      COUNT(v.total) AS valued_orders,
      SUM(v.total) AS revenue,
      COALESCE(SUM(l.redeemed_points), 0) AS redeemed_points
    FROM period_orders o
    LEFT JOIN order_values v ON v.order_id = o.id AND v.version = o.version
    LEFT JOIN order_ledger l ON l.order_id = o.id
    GROUP BY o.customer_id, o.currency_code
  ),
  customers AS (
    SELECT c.customer_id,
      CASE WHEN a.id IS NULL THEN 'non_members' WHEN SUM(c.points_orders) > 0 THEN 'redeemers' ELSE 'non_redeemers' END AS "group",
      SUM(c.orders) AS orders,
      SUM(c.earning_orders) AS earning_orders,
      SUM(c.points_orders) AS points_orders
    FROM customer_currency c
    LEFT JOIN loyalty_account a ON a.customer_id = c.customer_id AND ${memberAccount("a")}
    GROUP BY c.customer_id, a.id
  )`

/** Every figure's rows for [from, to), as PostgreSQL adds them up (numbers as strings, exact). */
export async function readReportRows(knex: Knex, from: Date, to: Date, now: Date): Promise<ReportRows> {
  const params = { from, to, now }
  // Each query in a transaction of its own with JIT off: PostgreSQL compiles these large plans
  // for seconds (2 s of 38 measured on a million orders), then runs them once. And with room
  // to hash and sort a year of orders in memory: at the default 4 MB they went to disk.
  const read = (sql: string): Promise<{ rows: any[] }> =>
    knex.transaction(async (trx) => {
      await trx.raw("SET LOCAL jit = off")
      await trx.raw(`SET LOCAL work_mem = '${REPORT_WORK_MEM}'`)
      return trx.raw(sql, params)
    }) as Promise<{ rows: any[] }>
  const [months, accounts, groups, expiry, earningMonths] = await Promise.all([
    // Points issued, spent (net of restores), expired and reversed per calendar month (UTC).
    read(
      `SELECT to_char(date_trunc('month', created_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
         SUM(CASE WHEN points > 0 AND type IN ${ISSUING} THEN points ELSE 0 END) AS issued,
         SUM(CASE WHEN type IN ('redeem', 'restore') THEN -points ELSE 0 END) AS spent,
         SUM(CASE WHEN type = 'expire' THEN -points ELSE 0 END) AS expired,
         SUM(CASE WHEN type = 'reversal' THEN -points ELSE 0 END) AS reversed
       FROM loyalty_transaction
       WHERE created_at >= :from AND created_at < :to AND deleted_at IS NULL
       GROUP BY 1 ORDER BY 1`
    ),
    // As of now: points outstanding and pending (of every account), members, and members who
    // earned or spent in the period.
    read(
      `SELECT COALESCE(SUM(GREATEST(a.balance, 0)), 0) AS outstanding_points,
         COALESCE(SUM(a.pending), 0) AS pending_points,
         COUNT(*) FILTER (WHERE ${memberAccount("a")}) AS members,
         -- One look into each member's rows of the period (account_id, created_at index).
         COUNT(*) FILTER (WHERE ${memberAccount("a")} AND EXISTS (
           SELECT 1 FROM loyalty_transaction t
           WHERE t.account_id = a.id AND t.created_at >= :from AND t.created_at < :to
             AND t.type IN ('earn', 'bonus', 'referral', 'redeem') AND t.deleted_at IS NULL
         )) AS active_members
       FROM loyalty_account a WHERE a.deleted_at IS NULL`
    ),
    // The period's orders by customer group: each group once for all currencies (its customers)
    // and once per currency (money only adds up within one).
    read(
      `WITH ${PERIOD_ORDERS}
       SELECT "group", NULL AS currency_code,
         COUNT(*) AS customers,
         COUNT(*) FILTER (WHERE orders >= 2) AS repeat_customers,
         SUM(orders) AS orders,
         SUM(earning_orders) AS earning_orders,
         SUM(points_orders) AS points_orders,
         0 AS valued_orders, NULL AS revenue, 0 AS redeemed_points
       FROM customers GROUP BY "group"
       UNION ALL
       SELECT g."group", c.currency_code,
         0, 0,
         SUM(c.orders), SUM(c.earning_orders), SUM(c.points_orders),
         SUM(c.valued_orders), SUM(c.revenue), SUM(c.redeemed_points)
       FROM customer_currency c JOIN customers g ON g.customer_id = c.customer_id
       GROUP BY g."group", c.currency_code
       ORDER BY 1, 2 NULLS FIRST`
    ),
    // Issued points that became available in the period (the expiry rate's denominator).
    read(
      `SELECT COALESCE(SUM(points), 0) AS available_points FROM loyalty_transaction
       WHERE points > 0 AND type IN ${ISSUING} AND status = 'available' AND deleted_at IS NULL
         AND COALESCE(available_at, created_at) >= :from AND COALESCE(available_at, created_at) < :to`
    ),
    // The store's whole history by earning month (UTC) of the lots: points that became available,
    // what of them expired, what is still open now (unexpired, unspent).
    read(
      `WITH expired AS (
         SELECT reference, -SUM(points) AS points FROM loyalty_transaction
         WHERE type = 'expire' AND reference IS NOT NULL AND deleted_at IS NULL
         GROUP BY reference
       )
       SELECT to_char(date_trunc('month', l.created_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
         SUM(l.points) AS issued,
         COALESCE(SUM(e.points), 0) AS expired,
         SUM(CASE WHEN l.expires_at IS NULL OR l.expires_at > :now THEN l.remaining ELSE 0 END) AS outstanding
       FROM loyalty_transaction l
       LEFT JOIN expired e ON e.reference = l.id
       WHERE l.points > 0 AND l.type IN ('earn', 'bonus', 'referral', 'adjust', 'restore')
         AND l.status = 'available' AND l.deleted_at IS NULL
       GROUP BY 1 ORDER BY 1`
    ),
  ])
  return {
    months: months.rows,
    accounts: accounts.rows[0],
    groups: groups.rows,
    expiry: expiry.rows[0],
    earning_months: earningMonths.rows,
  }
}
