import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { tierWindowStart } from "../../../lib/rules"
import { mergeSettings } from "../program-records"
import type { ProgramSettings } from "../program-settings"
import { type TierView, tierView } from "./records"

export type TierContext = { settings: ProgramSettings; tiers: TierView[]; since: Date }

/**
 * The program settings, the tiers and the start of the tier window at `now`,
 * read in one statement on `knex` (the caller's transaction, if any). Every
 * account read and tier recompute needs them, and the query layer took longer
 * to build and map its two reads than the database took to answer them. The
 * rows are those listRecords and getProgramSettings read: no cache, so an
 * edit shows on the next read.
 */
export async function readTierContext(knex: Knex, defaults: ProgramSettings, now: Date): Promise<TierContext> {
  const { rows } = await knex.raw(
    `SELECT p.*, COALESCE((
       SELECT json_agg(json_build_object('id', t.id, 'name', t.name, 'min_points', t.min_points, 'multiplier', t.multiplier)
                       ORDER BY t.min_points)
       FROM loyalty_tier t WHERE t.deleted_at IS NULL
     ), '[]'::json) AS tier_rows
     FROM (SELECT 1) one
     LEFT JOIN LATERAL (SELECT * FROM loyalty_program WHERE deleted_at IS NULL LIMIT 1) p ON true`
  )
  const { tier_rows, ...program } = rows[0]
  // No program row: every column is null, so every setting takes its default.
  const settings = mergeSettings(defaults, program)
  return { settings, tiers: tier_rows.map(tierView), since: tierWindowStart(now, settings.tier_window_days) }
}
