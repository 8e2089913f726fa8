import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { AchievementAward } from "../../../types/loyalty/module"

/** Reads of the ledger that workflows and reports make outside any operation (no locks). */

/** Points redeemed on an order, net of none of its restores. */
export async function pointsRedeemedOnOrder(knex: Knex, orderId: string): Promise<number> {
  const [{ total }] = await knex("loyalty_transaction")
    .where({ order_id: orderId, type: "redeem" })
    .whereNull("deleted_at")
    .sum({ total: "points" })
  return -Number(total ?? 0)
}

/**
 * The achievement thresholds an account was awarded, from its ledger: how
 * many times each was, and what its latest award still holds.
 */
export async function achievementRecords(knex: Knex, accountId: string): Promise<AchievementAward[]> {
  const { rows } = await knex.raw(
    `WITH awards AS (
       SELECT reference, COUNT(*) AS awards, (array_agg(id ORDER BY created_at DESC, id DESC))[1] AS latest_id
       FROM loyalty_transaction
       WHERE account_id = :account AND type = 'bonus' AND reference LIKE 'achievement:%' AND deleted_at IS NULL
       GROUP BY reference
     )
     SELECT w.reference, w.awards, w.latest_id, l.details,
       l.points + COALESCE((
         SELECT SUM(r.points) FROM loyalty_transaction r
         WHERE r.reference = l.id AND r.type = 'reversal' AND r.deleted_at IS NULL
       ), 0) AS held_points
     FROM awards w JOIN loyalty_transaction l ON l.id = w.latest_id
     ORDER BY w.reference`,
    { account: accountId }
  )
  return rows.map((row: any) => ({
    currency_code: String(row.details?.currency_code ?? ""),
    spend: String(row.details?.spend ?? "0"),
    awards: Number(row.awards),
    held_points: Math.max(Number(row.held_points), 0),
    latest_id: row.latest_id as string,
  }))
}
