import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { AccountSnapshotDTO } from "../../../types/loyalty/module"
import { ORDER_POINTS_SINCE } from "./tiers"

export type AccountSnapshot = AccountSnapshotDTO

/**
 * A customer's account with its next expiring lots, in one statement: the
 * account page is read far more often than written, and two round trips
 * through the query layer cost more than the database work itself.
 */
export async function readAccountSnapshot(
  knex: Knex,
  customerId: string,
  expiringShown: number,
  tierSince: Date
): Promise<AccountSnapshot | undefined> {
  const { rows } = await knex.raw(
    `SELECT a.id, a.customer_id, a.balance, a.pending, a.reserved, a.lifetime_earned, a.lifetime_spent,
            a.tier_id, a.referral_code, a.birthday, a.newsletter_opt_in, a.notifications_opt_out, ${ORDER_POINTS_SINCE} AS tier_points,
            COALESCE((
              SELECT json_agg(json_build_object('points', l.remaining, 'expires_at', l.expires_at) ORDER BY l.expires_at, l.id)
              FROM (
                SELECT id, remaining, expires_at FROM loyalty_transaction
                WHERE account_id = a.id AND status = 'available' AND remaining > 0
                  AND expires_at IS NOT NULL AND deleted_at IS NULL
                ORDER BY expires_at, id
                LIMIT :shown
              ) l
            ), '[]'::json) AS expiring
     FROM loyalty_account a
     WHERE a.customer_id = :customer AND a.deleted_at IS NULL`,
    { shown: expiringShown, customer: customerId, since: tierSince }
  )
  const row = rows[0]
  if (!row) {
    return undefined
  }
  return {
    ...row,
    tier_points: Number(row.tier_points),
    expiring: row.expiring.map((lot: { points: number; expires_at: string }) => ({
      points: lot.points,
      expires_at: new Date(lot.expires_at),
    })),
  }
}
