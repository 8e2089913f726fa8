import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/**
 * The reports benchmark's store, written with set-based SQL (generate_series, a few statements,
 * no service calls): `customers` shoppers cus_rb_000001…, ten orders each on average over two
 * years, half of them members with a ledger that follows their orders.
 *
 * What the report reads, seeded as Medusa and the plugin write it:
 * - `customer`: even numbers are members (registered, has_account), odd ones guests. Each joined
 *   between 730 and 30 days ago, more of them early (a store's first year builds its base), and
 *   orders from then over 20 % to all of the time since (some stop ordering): about half of the
 *   orders fall in the last year.
 * - `"order"` and `order_summary` (version 1, totals with every key Medusa's
 *   calculate-order-change writes, each beside its raw_ BigNumber), in time order across
 *   customers, as a store appends them. How many orders a customer places over the two years
 *   depends on the last digit of their number (ORDERS_PER_MEMBER, ORDERS_PER_GUEST): some one,
 *   many several, members more often again; both lists add up to 100 per ten customers, so
 *   1 000 000 orders for 100 000 customers. Seven in ten customers pay in eur, the rest in usd.
 *   About 1 in 200 orders is a draft (is_draft_order, status draft), about 1 in 33 was canceled two
 *   days after it was placed; the others are completed, or pending in their last 30 days.
 * - `loyalty_account` for each member, `loyalty_transaction`: a welcome bonus when the member
 *   joined (100 points, 365 days), and an earn lot for each order a member placed (5 % of its
 *   total, one point per eur or usd; pending 14 days, then available for 365). A canceled order's
 *   lot is voided by a reversal row; about a third of the available lots are spent by a redeem
 *   row on the member's next order; a lot or bonus neither spent nor still open by now has its
 *   expire row. Each account's cached figures are computed from the plan (the staging table), not
 *   read back from the ledger, so `verifyAccounts` checks that the rows say the same.
 */

export const ORDERS_PER_MEMBER = [1, 2, 3, 5, 8, 10, 12, 15, 20, 24]
export const ORDERS_PER_GUEST = [1, 1, 1, 1, 2, 3, 5, 10, 30, 46]
export const ORDERS_PER_TEN_CUSTOMERS = 100
const EARN_PERCENT = 5
const WELCOME_POINTS = 100

const sqlArray = (values: number[]) => `ARRAY[${values.join(", ")}]`

/** Orders of `customers` shoppers (an even number, a multiple of 20 for exactly 10 per customer). */
export const ordersOf = (customers: number) => {
  let orders = 0
  for (let c = 1; c <= customers; c++) {
    orders += (c % 2 === 0 ? ORDERS_PER_MEMBER : ORDERS_PER_GUEST)[Math.floor(c / 2) % 10]
  }
  return orders
}

/** The totals Medusa writes in order_summary: each amount as a number and as its raw BigNumber. */
function summaryTotals(amounts: Record<string, string>) {
  const parts = Object.entries(amounts).flatMap(([key, sql]) => [
    `'${key}', trim_scale(${sql})`,
    `'raw_${key}', jsonb_build_object('value', trim_scale(${sql})::text, 'precision', 20)`,
  ])
  return `jsonb_build_object(${parts.join(", ")})`
}

export type SeededReportStore = { customers: number; members: number; orders: number; ledger_rows: number }

/**
 * Seeds the store at `now` (every date is relative to it). Leaves no staging tables behind and
 * ANALYZEs what it wrote, as autovacuum would soon after such a load.
 */
export async function seedReportStore(knex: Knex, customers: number, now: Date): Promise<SeededReportStore> {
  await knex.transaction(async (trx) => {
    // One row per order, in the order a store writes them: the plan every table below reads.
    await trx.raw(
      `CREATE TEMP TABLE bench_report_order ON COMMIT DROP AS
       WITH customer_plan AS (
         SELECT c, c % 2 = 0 AS member,
           (CASE WHEN c % 2 = 0 THEN ${sqlArray(ORDERS_PER_MEMBER)} ELSE ${sqlArray(ORDERS_PER_GUEST)} END)[(c / 2) % 10 + 1] AS n,
           CAST(:now AS timestamptz) - interval '730 days' + 700 * power((c * 7919) % 1000 / 1000.0, 2) * interval '1 day' AS joined,
           0.2 + 0.8 * ((c::bigint * 104723) % 1000) / 1000.0 AS active_share,
           CASE WHEN (c / 10) % 10 < 7 THEN 'eur' ELSE 'usd' END AS currency
         FROM generate_series(1, CAST(:customers AS int)) AS c
       ), planned AS (
         SELECT p.c, p.member, p.n, p.joined, p.currency, k,
           p.joined + (CAST(:now AS timestamptz) - interval '1 hour' - p.joined) * p.active_share
             * ((k - 1) + ((p.c * 7919 + k * 104729) % 997) / 997.0) / p.n AS created_at,
           (2000 + (p.c * 1301 + k * 3701) % 28000) / 100.0 AS total,
           CASE WHEN (p.c * 31 + k * 17) % 200 = 0 THEN 'draft'
                WHEN (p.c * 13 + k * 7) % 33 = 0 THEN 'canceled'
                ELSE 'placed' END AS kind
         FROM customer_plan p, generate_series(1, p.n) AS k
       )
       SELECT row_number() OVER (ORDER BY created_at, c, k) AS seq, * FROM planned`,
      { customers, now }
    )
    await trx.raw(`ALTER TABLE bench_report_order ADD PRIMARY KEY (seq)`)

    await trx.raw(
      `INSERT INTO customer (id, email, first_name, last_name, has_account, created_at, updated_at)
       SELECT DISTINCT ON (c) 'cus_rb_' || lpad(c::text, 6, '0'), 'shopper' || c || '@bench.example',
         'Shopper', 'Number ' || c, member, joined, joined
       FROM bench_report_order ORDER BY c`
    )
    await trx.raw(
      `INSERT INTO "order" (id, region_id, customer_id, version, sales_channel_id, status, is_draft_order, email,
         currency_code, canceled_at, created_at, updated_at)
       SELECT 'order_rb_' || lpad(seq::text, 7, '0'), 'reg_rb_' || currency, 'cus_rb_' || lpad(c::text, 6, '0'), 1,
         'sc_rb_webshop',
         CASE kind WHEN 'draft' THEN 'draft' WHEN 'canceled' THEN 'canceled'
           ELSE CASE WHEN created_at < CAST(:now AS timestamptz) - interval '30 days' THEN 'completed' ELSE 'pending' END
         END::order_status_enum,
         kind = 'draft', 'shopper' || c || '@bench.example', currency,
         CASE WHEN kind = 'canceled' THEN LEAST(created_at + interval '2 days', CAST(:now AS timestamptz)) END,
         created_at, created_at
       FROM bench_report_order ORDER BY seq`,
      { now }
    )
    // A placed order is paid; a draft or canceled one has no capture.
    const paid = `CASE WHEN kind = 'placed' THEN total ELSE 0 END`
    await trx.raw(
      `INSERT INTO order_summary (id, order_id, version, totals, created_at, updated_at)
       SELECT 'ordsum_rb_' || lpad(seq::text, 7, '0'), 'order_rb_' || lpad(seq::text, 7, '0'), 1,
         ${summaryTotals({
           paid_total: paid,
           refunded_total: "0",
           accounting_total: "total",
           credit_line_total: "0",
           transaction_total: paid,
           pending_difference: `total - ${paid}`,
           current_order_total: "total",
           original_order_total: "total",
         })},
         created_at, created_at
       FROM bench_report_order ORDER BY seq`
    )

    // The members' lots: each order a member placed (drafts earn nothing), and what became of it.
    await trx.raw(
      `CREATE TEMP TABLE bench_report_lot ON COMMIT DROP AS
       WITH placed AS (
         SELECT o.*, lead(seq) OVER w AS next_seq, lead(created_at) OVER w AS next_at, lead(kind) OVER w AS next_kind
         FROM bench_report_order o WHERE member AND kind <> 'draft'
         WINDOW w AS (PARTITION BY c ORDER BY created_at, k)
       ), lot AS (
         SELECT c, seq, kind, next_seq, next_at, next_kind,
           floor(total * ${EARN_PERCENT} / 100)::int AS points,
           created_at + interval '1 minute' AS created,
           created_at + interval '1 minute' + interval '14 days' AS available_at,
           created_at + interval '1 minute' + interval '365 days' AS expires_at
         FROM placed
       )
       SELECT c, seq, points, created, available_at, expires_at,
         CASE
           WHEN kind = 'canceled' THEN 'void'
           WHEN available_at > CAST(:now AS timestamptz) THEN 'pending'
           WHEN next_kind = 'placed' AND (c + seq) % 3 = 0 AND next_at >= available_at AND next_at < expires_at THEN 'spent'
           WHEN expires_at <= CAST(:now AS timestamptz) THEN 'expired'
           ELSE 'open'
         END AS fate,
         next_seq AS spent_on_seq, next_at + interval '1 minute' AS spent_at,
         LEAST(created + interval '2 days', CAST(:now AS timestamptz)) AS canceled_at
       FROM lot`,
      { now }
    )

    await trx.raw(
      `INSERT INTO loyalty_account (id, customer_id, balance, pending, lifetime_earned, lifetime_spent,
         last_activity_at, created_at, updated_at)
       SELECT 'lyacc_rb_' || lpad(o.c::text, 6, '0'), 'cus_rb_' || lpad(o.c::text, 6, '0'),
         COALESCE(l.open, 0) + CASE WHEN o.joined + interval '365 days' > CAST(:now AS timestamptz) THEN ${WELCOME_POINTS} ELSE 0 END,
         COALESCE(l.pending, 0), COALESCE(l.earned, 0) + ${WELCOME_POINTS}, COALESCE(l.spent, 0),
         GREATEST(o.joined, l.last_at), o.joined, GREATEST(o.joined, l.last_at)
       FROM (SELECT DISTINCT ON (c) c, joined FROM bench_report_order WHERE member ORDER BY c) o
       LEFT JOIN (
         SELECT c,
           SUM(points) FILTER (WHERE fate = 'open') AS open,
           SUM(points) FILTER (WHERE fate = 'pending') AS pending,
           SUM(points) FILTER (WHERE fate <> 'void') AS earned,
           SUM(points) FILTER (WHERE fate = 'spent') AS spent,
           MAX(created) AS last_at
         FROM bench_report_lot GROUP BY c
       ) l ON l.c = o.c
       ORDER BY o.c`,
      { now }
    )

    const account = (c: string) => `'lyacc_rb_' || lpad(${c}::text, 6, '0')`
    const orderId = (seq: string) => `'order_rb_' || lpad(${seq}::text, 7, '0')`
    // The credits first: the reversals' trigger (order points by day) finds their lots.
    await trx.raw(
      `INSERT INTO loyalty_transaction (id, account_id, type, points, status, remaining, available_at, expires_at,
         order_id, idempotency_key, details, created_at, updated_at)
       SELECT id, account_id, type, points, status, remaining, available_at, expires_at, order_id, idempotency_key,
         details, created_at, created_at
       FROM (
         SELECT 'lytx_rb_' || seq AS id, ${account("c")} AS account_id, 'earn' AS type, points,
           CASE fate WHEN 'void' THEN 'void' WHEN 'pending' THEN 'pending' ELSE 'available' END AS status,
           CASE WHEN fate IN ('open', 'pending') THEN points ELSE 0 END AS remaining,
           available_at, expires_at, ${orderId("seq")} AS order_id, 'earn:' || ${orderId("seq")} AS idempotency_key,
           jsonb_build_object('cause', 'placed', 'target_points', points) AS details, created AS created_at
         FROM bench_report_lot
         UNION ALL
         SELECT 'lytx_rb_welcome_' || c, ${account("c")}, 'bonus', ${WELCOME_POINTS}, 'available',
           CASE WHEN joined + interval '365 days' > CAST(:now AS timestamptz) THEN ${WELCOME_POINTS} ELSE 0 END,
           joined, joined + interval '365 days', NULL, 'welcome:' || ${account("c")},
           '{"bonus":"welcome"}'::jsonb, joined
         FROM (SELECT DISTINCT c, joined FROM bench_report_order WHERE member) m
       ) credits
       ORDER BY created_at`,
      { now }
    )
    await trx.raw(
      `INSERT INTO loyalty_transaction (id, account_id, type, points, status, expires_at, order_id, reference,
         reason, idempotency_key, details, created_at, updated_at)
       SELECT id, account_id, type, points, 'available', expires_at, order_id, reference, reason, idempotency_key,
         details, created_at, created_at
       FROM (
         SELECT 'lytx_rb_red_' || seq AS id, ${account("c")} AS account_id, 'redeem' AS type, -points AS points,
           NULL::timestamptz AS expires_at, ${orderId("spent_on_seq")} AS order_id, 'cart_rb_' || spent_on_seq AS reference,
           NULL AS reason, 'redeem:lyres_rb_' || spent_on_seq AS idempotency_key,
           jsonb_build_object('lots', jsonb_build_array(jsonb_build_object('lot_id', 'lytx_rb_' || seq, 'points', points))) AS details,
           spent_at AS created_at
         FROM bench_report_lot WHERE fate = 'spent'
         UNION ALL
         SELECT 'lytx_rb_rev_' || seq, ${account("c")}, 'reversal', -points, NULL, ${orderId("seq")}, 'lytx_rb_' || seq,
           'Order canceled', 'reverse:lytx_rb_' || seq || ':' || points, NULL, canceled_at
         FROM bench_report_lot WHERE fate = 'void'
         UNION ALL
         SELECT 'lytx_rb_exp_' || seq, ${account("c")}, 'expire', -points, expires_at, ${orderId("seq")}, 'lytx_rb_' || seq,
           NULL, 'expire:lytx_rb_' || seq || ':' || points, '{"cause":"lot_expired"}'::jsonb, expires_at
         FROM bench_report_lot WHERE fate = 'expired'
         UNION ALL
         SELECT 'lytx_rb_exp_welcome_' || c, ${account("c")}, 'expire', -${WELCOME_POINTS}, joined + interval '365 days', NULL,
           'lytx_rb_welcome_' || c, NULL, 'expire:lytx_rb_welcome_' || c || ':${WELCOME_POINTS}',
           '{"cause":"lot_expired"}'::jsonb, joined + interval '365 days'
         FROM (SELECT DISTINCT c, joined FROM bench_report_order WHERE member) m
         WHERE joined + interval '365 days' <= CAST(:now AS timestamptz)
       ) debits
       ORDER BY created_at`,
      { now }
    )
  })
  await knex.raw(`ANALYZE customer, "order", order_summary, loyalty_account, loyalty_transaction, loyalty_order_points_day`)

  const { rows } = await knex.raw(
    `SELECT (SELECT COUNT(*) FROM customer WHERE id LIKE 'cus_rb_%') AS customers,
       (SELECT COUNT(*) FROM loyalty_account WHERE id LIKE 'lyacc_rb_%') AS members,
       (SELECT COUNT(*) FROM "order" WHERE id LIKE 'order_rb_%') AS orders,
       (SELECT COUNT(*) FROM loyalty_transaction WHERE id LIKE 'lytx_rb_%') AS ledger_rows`
  )
  return Object.fromEntries(Object.entries(rows[0]).map(([key, value]) => [key, Number(value)])) as SeededReportStore
}

export type RepeatGroup = { customers: number; repeat_customers: number }
export type RepeatFigures = { members: RepeatGroup; others: RepeatGroup }

/**
 * The baseline: the repeat-purchase figure of [from, to) in one hand-written statement. Of the
 * customers with an order in the period (placed: not a draft, not canceled, not deleted), how
 * many ordered at least twice, members (a loyalty account) and the others apart.
 */
export const HAND_WRITTEN_REPEAT_RATE = `
  WITH ordered AS (
    SELECT o.customer_id, COUNT(*) AS orders
    FROM "order" o
    WHERE o.created_at >= :from AND o.created_at < :to AND o.customer_id IS NOT NULL
      AND o.deleted_at IS NULL AND NOT o.is_draft_order AND o.status <> 'canceled'
    GROUP BY o.customer_id
  )
  SELECT a.id IS NOT NULL AS member, COUNT(*) AS customers, COUNT(*) FILTER (WHERE o.orders >= 2) AS repeat_customers
  FROM ordered o LEFT JOIN loyalty_account a ON a.customer_id = o.customer_id AND a.deleted_at IS NULL
  GROUP BY 1`

export async function handWrittenRepeatRate(knex: Knex, from: Date, to: Date): Promise<RepeatFigures> {
  const { rows } = await knex.raw(HAND_WRITTEN_REPEAT_RATE, { from, to })
  const group = (member: boolean): RepeatGroup => {
    const row = rows.find((r: { member: boolean }) => r.member === member)
    return { customers: Number(row?.customers ?? 0), repeat_customers: Number(row?.repeat_customers ?? 0) }
  }
  return { members: group(true), others: group(false) }
}

/** Orders in [from, to), all and as the hand-written statement counts them. */
export async function ordersInPeriod(knex: Knex, from: Date, to: Date) {
  const { rows } = await knex.raw(
    `SELECT COUNT(*) AS all_orders,
       COUNT(*) FILTER (WHERE NOT is_draft_order AND status <> 'canceled') AS placed
     FROM "order" WHERE created_at >= :from AND created_at < :to AND deleted_at IS NULL`,
    { from, to }
  )
  return { all: Number(rows[0].all_orders), placed: Number(rows[0].placed) }
}
