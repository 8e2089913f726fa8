import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { MonthFigures, ProgramFigures } from "../../../types/loyalty/module"

export type { MonthFigures, ProgramFigures }

/**
 * The program's figures for [from, to): points issued, spent (net of
 * restores), expired and reversed per calendar month (UTC), and as of now the
 * points outstanding, members, and members who earned or spent in the period.
 */
export async function readProgramFigures(knex: Knex, from: Date, to: Date): Promise<ProgramFigures> {
  const [{ rows: months }, { rows: totals }] = await Promise.all([
    knex.raw(
      `SELECT to_char(date_trunc('month', created_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
         SUM(CASE WHEN points > 0 AND type IN ('earn', 'bonus', 'referral', 'adjust') THEN points ELSE 0 END) AS issued,
         SUM(CASE WHEN type IN ('redeem', 'restore') THEN -points ELSE 0 END) AS spent,
         SUM(CASE WHEN type = 'expire' THEN -points ELSE 0 END) AS expired,
         SUM(CASE WHEN type = 'reversal' THEN -points ELSE 0 END) AS reversed
       FROM loyalty_transaction
       WHERE created_at >= :from AND created_at < :to AND deleted_at IS NULL
       GROUP BY 1 ORDER BY 1`,
      { from, to }
    ),
    knex.raw(
      `SELECT COALESCE(SUM(GREATEST(balance, 0)), 0) AS outstanding_points,
         COALESCE(SUM(pending), 0) AS pending_points,
         COUNT(*) AS members,
         (SELECT COUNT(DISTINCT account_id) FROM loyalty_transaction
          WHERE type IN ('earn', 'bonus', 'referral', 'redeem') AND created_at >= :from AND created_at < :to
            AND deleted_at IS NULL) AS active_members
       FROM loyalty_account WHERE deleted_at IS NULL`,
      { from, to }
    ),
  ])
  const [total] = totals
  return {
    months: months.map((m: Record<string, string>) => ({
      month: m.month,
      issued: Number(m.issued),
      spent: Number(m.spent),
      expired: Number(m.expired),
      reversed: Number(m.reversed),
    })),
    outstanding_points: Number(total.outstanding_points),
    pending_points: Number(total.pending_points),
    members: Number(total.members),
    active_members: Number(total.active_members),
  }
}
