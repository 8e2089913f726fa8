import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { AccountSnapshotDTO } from "../../../types/loyalty/module"
import { PROGRAM_AND_TIERS, TIER_WINDOW_START, type TierContext, tierContextOf, tierWindowBindings } from "../program/tier-context"
import type { ProgramSettings } from "../program-settings"
import { orderPointsSql } from "./tiers"

export type AccountSnapshot = AccountSnapshotDTO

/**
 * A customer's account with its next expiring lots and its order points in the
 * tier window, and the program's settings and tiers, in one statement: the
 * account page is read far more often than written, and each round trip through
 * the query layer costs more than the database work itself. The window starts
 * where tierWindowStart puts it (TIER_WINDOW_START computes the same in SQL).
 */
export async function readAccountSnapshot(
  knex: Knex,
  customerId: string,
  expiringShown: number,
  defaults: ProgramSettings,
  now: Date
): Promise<{ account: AccountSnapshot | undefined; context: TierContext; tier_since: Date }> {
  const { rows } = await knex.raw(
    `WITH ${PROGRAM_AND_TIERS}, w AS (SELECT ${TIER_WINDOW_START} AS since FROM program)
     SELECT program.program_row, program.tiers, w.since AS tier_since,
            a.id, a.customer_id, a.balance, a.pending, a.reserved, a.lifetime_earned, a.lifetime_spent,
            a.tier_id, a.referral_code, a.birthday, a.newsletter_opt_in, a.notifications_opt_out, ${orderPointsSql("w.since")} AS tier_points,
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
     FROM program CROSS JOIN w
     LEFT JOIN loyalty_account a ON a.customer_id = :customer AND a.deleted_at IS NULL`,
    { shown: expiringShown, customer: customerId, ...tierWindowBindings(defaults, now) }
  )
  const { program_row, tiers, tier_since, ...row } = rows[0]
  const context = tierContextOf({ program_row, tiers }, defaults, now)
  if (!row.id) {
    return { account: undefined, context, tier_since }
  }
  const account = {
    ...row,
    tier_points: Number(row.tier_points),
    expiring: row.expiring.map((lot: { points: number; expires_at: string }) => ({
      points: lot.points,
      expires_at: new Date(lot.expires_at),
    })),
  }
  return { account, context, tier_since }
}
