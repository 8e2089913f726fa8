import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { MathBN } from "@medusajs/framework/utils"

/** One group of the holdout comparison; every rate comes with the count it is taken of. */
export type HoldoutGroupFigures = {
  /** Customers of the group (signed up in the compared months, before the period's end). */
  customers: number
  /** Of them, those with an order in the period. */
  ordering_customers: number
  /** Of the ordering ones, those with two orders or more. */
  repeat_customers: number
  /** repeat_customers / ordering_customers; null when nobody ordered. */
  repeat_rate: number | null
  orders: number
  /** orders / customers (all of the group, ordering or not); null for an empty group. */
  orders_per_customer: number | null
  /** Per currency: the orders with a value, their total and the average (Medusa's current_order_total). */
  average_order_value: { currency_code: string; orders: number; total: number; average: number }[]
}

export type HoldoutComparison = {
  /** Sign-up months (UTC, YYYY-MM) with customers in both groups: only those are compared. */
  months: string[]
  holdout: HoldoutGroupFigures
  enrolled: HoldoutGroupFigures
}

/**
 * The customers in the comparison: those the holdout drew (held out, or drawn
 * and enrolled — both signed up after it was switched on), signed up before
 * the period's end, in the sign-up months where both groups have customers.
 * The draw is random by customer id, so the enrolled of the same months are
 * the holdout's fair counterpart; the customers enrolled before the holdout
 * (never drawn) are left out.
 */
const COMPARED = `
  drawn AS (
    SELECT a.customer_id, a.holdout, to_char(date_trunc('month', c.created_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month
    FROM loyalty_account a JOIN customer c ON c.id = a.customer_id AND c.deleted_at IS NULL
    WHERE a.holdout IS NOT NULL AND a.deleted_at IS NULL AND c.created_at < :to
  ), months AS (
    SELECT month FROM drawn GROUP BY month HAVING bool_or(holdout) AND bool_or(NOT holdout)
  ), compared AS (
    SELECT d.customer_id, d.holdout FROM drawn d JOIN months m ON m.month = d.month
  ), orders AS (
    -- Placed orders of the period: no drafts, no cancelled or deleted ones; the value is the
    -- summary of the order's current version (edits and returns write new versions).
    SELECT c.customer_id, c.holdout, o.id, lower(o.currency_code) AS currency_code,
           (s.totals->>'current_order_total')::numeric AS amount
    FROM compared c
    JOIN "order" o ON o.customer_id = c.customer_id
    LEFT JOIN order_summary s ON s.order_id = o.id AND s.version = o.version AND s.deleted_at IS NULL
    WHERE o.created_at >= :from AND o.created_at < :to AND o.deleted_at IS NULL
      AND o.is_draft_order = false AND o.canceled_at IS NULL AND o.status <> 'canceled'
  )`

/**
 * The holdout comparison for [from, to) (issue 21): held-out customers
 * against enrolled customers of the same sign-up months. Null when the
 * holdout was never on (nobody drawn and no switch-on recorded).
 */
export async function holdoutComparison(knex: Knex, { from, to }: { from: Date; to: Date }): Promise<HoldoutComparison | null> {
  const bindings = { from, to }
  const [{ rows: state }, { rows: months }, { rows: groups }, { rows: values }] = await Promise.all([
    knex.raw(
      `SELECT EXISTS (SELECT 1 FROM loyalty_account WHERE holdout IS NOT NULL AND deleted_at IS NULL)
           OR EXISTS (SELECT 1 FROM loyalty_program WHERE holdout_enabled_at IS NOT NULL AND deleted_at IS NULL) AS ever_on`
    ),
    knex.raw(`WITH ${COMPARED} SELECT month FROM months ORDER BY month`, bindings),
    knex.raw(
      `WITH ${COMPARED}, per_customer AS (
         SELECT c.holdout, c.customer_id, COUNT(o.id) AS orders
         FROM compared c LEFT JOIN orders o ON o.customer_id = c.customer_id
         GROUP BY c.holdout, c.customer_id
       )
       SELECT holdout, COUNT(*) AS customers, COUNT(*) FILTER (WHERE orders > 0) AS ordering_customers,
              COUNT(*) FILTER (WHERE orders > 1) AS repeat_customers, COALESCE(SUM(orders), 0) AS orders
       FROM per_customer GROUP BY holdout`,
      bindings
    ),
    knex.raw(
      `WITH ${COMPARED}
       SELECT holdout, currency_code, COUNT(*) AS orders, SUM(amount)::text AS total
       FROM orders WHERE amount IS NOT NULL GROUP BY holdout, currency_code ORDER BY currency_code`,
      bindings
    ),
  ])
  if (!state[0].ever_on) {
    return null
  }
  const group = (holdout: boolean): HoldoutGroupFigures => {
    const row = groups.find((g: { holdout: boolean }) => g.holdout === holdout)
    const customers = Number(row?.customers ?? 0)
    const ordering = Number(row?.ordering_customers ?? 0)
    const repeat = Number(row?.repeat_customers ?? 0)
    const orders = Number(row?.orders ?? 0)
    return {
      customers,
      ordering_customers: ordering,
      repeat_customers: repeat,
      repeat_rate: ordering ? MathBN.div(repeat, ordering).decimalPlaces(4).toNumber() : null,
      orders,
      orders_per_customer: customers ? MathBN.div(orders, customers).decimalPlaces(4).toNumber() : null,
      average_order_value: values
        .filter((v: { holdout: boolean }) => v.holdout === holdout)
        .map((v: { currency_code: string; orders: string; total: string }) => ({
          currency_code: v.currency_code,
          orders: Number(v.orders),
          total: MathBN.convert(v.total).toNumber(),
          average: MathBN.div(v.total, v.orders).decimalPlaces(4).toNumber(),
        })),
    }
  }
  return { months: months.map((m: { month: string }) => m.month), holdout: group(true), enrolled: group(false) }
}
