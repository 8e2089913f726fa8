import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { AccountDiscrepancy } from "./types"

const FIGURES = ["balance", "pending", "reserved", "lifetime_earned", "lifetime_spent"] as const

/**
 * Recomputes each account's figures from the ledger and reservations, and
 * reports every difference from the cached ones, plus the rules: the active
 * holds' lots add up to the points they hold, and no lot has carts holding
 * more of it than it has left (or is not an available credit of the account);
 * debt is paid before a lot keeps points no cart holds; and only a clawback (a
 * reversal) can leave less balance than the points held for carts; and the order points
 * by day the tier window reads add up to the earn rows and their reversals.
 */
export async function verifyAccountFigures(
  knex: Knex,
  accountIds?: string[]
): Promise<AccountDiscrepancy[]> {
  if (accountIds && !accountIds.length) {
    return []
  }
  // Given accounts, every part reads only their rows (off the account_id indexes), so a
  // batch costs what its accounts hold, not a scan of the whole ledger.
  const only = (column: string) => (accountIds ? `${column} = ANY(:ids)` : "true")
  const { rows } = await knex.raw(
    `
    WITH ledger AS (
      SELECT t.account_id,
        SUM(CASE WHEN t.points > 0 AND t.status = 'available' THEN t.remaining ELSE 0 END)
          - SUM(COALESCE(t.unsettled, 0)) AS balance,
        SUM(CASE WHEN t.points > 0 AND t.status = 'pending' THEN t.remaining ELSE 0 END) AS pending,
        SUM(CASE
              WHEN t.points > 0 AND t.type <> 'restore' THEN t.points
              WHEN t.type = 'reversal' AND lot.type <> 'restore' THEN t.points
              ELSE 0 END) AS lifetime_earned,
        SUM(CASE WHEN t.type IN ('redeem', 'restore') THEN -t.points ELSE 0 END) AS lifetime_spent,
        SUM(COALESCE(t.unsettled, 0)) AS debt,
        SUM(CASE WHEN t.points > 0 AND t.status = 'available' THEN t.remaining ELSE 0 END) AS open_lots,
        BOOL_OR(t.type = 'reversal') AS clawed_back,
        SUM(CASE WHEN t.type = 'earn' OR (t.type = 'reversal' AND lot.type = 'earn') THEN t.points ELSE 0 END) AS order_points
      FROM loyalty_transaction t
      LEFT JOIN loyalty_transaction lot ON lot.id = t.reference
      WHERE ${only("t.account_id")}
      GROUP BY t.account_id
    ), order_days AS (
      SELECT account_id, SUM(points) AS order_points
      FROM loyalty_order_points_day WHERE ${only("account_id")}
      GROUP BY account_id
    ), held AS (
      SELECT account_id, SUM(points) AS reserved
      FROM loyalty_reservation WHERE status = 'active' AND deleted_at IS NULL AND ${only("account_id")}
      GROUP BY account_id
    ), held_parts AS (
      SELECT r.account_id, l.lot_id, SUM(l.points) AS points
      FROM loyalty_reservation r CROSS JOIN LATERAL jsonb_to_recordset(r.lots) AS l(lot_id text, points integer)
      WHERE r.status = 'active' AND r.deleted_at IS NULL AND ${only("r.account_id")}
      GROUP BY r.account_id, l.lot_id
    ), held_lots AS (
      SELECT p.account_id, SUM(p.points) AS points,
        SUM(GREATEST(p.points - COALESCE(lot.remaining, 0), 0)) AS beyond
      FROM held_parts p
      LEFT JOIN loyalty_transaction lot ON lot.id = p.lot_id AND lot.account_id = p.account_id
        AND lot.points > 0 AND lot.status = 'available' AND lot.deleted_at IS NULL
      GROUP BY p.account_id
    )
    SELECT a.id, a.balance, a.pending, a.reserved, a.lifetime_earned, a.lifetime_spent,
      COALESCE(l.balance, 0)::int AS expected_balance,
      COALESCE(l.pending, 0)::int AS expected_pending,
      COALESCE(h.reserved, 0)::int AS expected_reserved,
      COALESCE(l.lifetime_earned, 0)::int AS expected_lifetime_earned,
      COALESCE(l.lifetime_spent, 0)::int AS expected_lifetime_spent,
      COALESCE(l.debt, 0)::int AS debt,
      (COALESCE(l.open_lots, 0) - COALESCE(hl.points, 0) + COALESCE(hl.beyond, 0))::int AS unheld_lots,
      COALESCE(hl.points, 0)::int AS held_lots,
      COALESCE(hl.beyond, 0)::int AS held_beyond_lots,
      COALESCE(l.clawed_back, false) AS clawed_back,
      COALESCE(l.order_points, 0)::int AS expected_order_points_by_day,
      COALESCE(od.order_points, 0)::int AS order_points_by_day
    FROM loyalty_account a
    LEFT JOIN ledger l ON l.account_id = a.id
    LEFT JOIN order_days od ON od.account_id = a.id
    LEFT JOIN held h ON h.account_id = a.id
    LEFT JOIN held_lots hl ON hl.account_id = a.id
    WHERE ${only("a.id")}
    ORDER BY a.id
    `,
    accountIds ? { ids: accountIds } : {}
  )

  const discrepancies: AccountDiscrepancy[] = []
  for (const row of rows) {
    for (const field of FIGURES) {
      if (row[field] !== row[`expected_${field}`]) {
        discrepancies.push({
          account_id: row.id,
          field,
          expected: row[`expected_${field}`],
          actual: row[field],
        })
      }
    }
    if (row.held_lots !== row.expected_reserved) {
      discrepancies.push({ account_id: row.id, field: "held_lots", expected: row.expected_reserved, actual: row.held_lots })
    }
    // The tier window reads order points by day (loyalty_order_points_day): they must add up to the rows.
    if (row.order_points_by_day !== row.expected_order_points_by_day) {
      discrepancies.push({
        account_id: row.id,
        field: "order_points_by_day",
        expected: row.expected_order_points_by_day,
        actual: row.order_points_by_day,
      })
    }
    if (row.held_beyond_lots > 0) {
      discrepancies.push({ account_id: row.id, field: "held_beyond_lots", expected: 0, actual: row.held_beyond_lots })
    }
    // Points a cart holds may sit beside debt: the order spends them, or they pay it when the hold ends.
    if (row.debt > 0 && row.unheld_lots > 0) {
      discrepancies.push({ account_id: row.id, field: "debt_with_open_lots", expected: 0, actual: row.unheld_lots })
    }
    if (!row.clawed_back && row.balance - row.reserved < 0) {
      discrepancies.push({
        account_id: row.id,
        field: "spendable",
        expected: 0,
        actual: row.balance - row.reserved,
      })
    }
  }
  return discrepancies
}
