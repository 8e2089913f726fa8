import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { tierWindowStart } from "../../../lib/rules"
import { mergeSettings } from "../program-records"
import type { ProgramSettings } from "../program-settings"
import { type TierView, tierView } from "./records"

export type TierContext = { settings: ProgramSettings; tiers: TierView[]; since: Date }

/**
 * A CTE `program`: its one row holds the program row as JSON (`program_row`, null
 * before the first save) and the tiers by threshold (`tiers`). Every account read
 * and tier recompute needs both, and the query layer took longer to build and map
 * its two reads than the database took to answer them. The rows are those
 * getProgramSettings and listRecords read: nothing is cached, an edit shows on
 * the next read.
 */
export const PROGRAM_AND_TIERS = `program AS (
  SELECT (SELECT to_jsonb(p) FROM loyalty_program p WHERE p.deleted_at IS NULL LIMIT 1) AS program_row,
         COALESCE((
           SELECT json_agg(json_build_object('id', t.id, 'name', t.name, 'min_points', t.min_points, 'multiplier', t.multiplier)
                           ORDER BY t.min_points)
           FROM loyalty_tier t WHERE t.deleted_at IS NULL
         ), '[]'::json) AS tiers
)`

/**
 * SQL of the tier window's start at :now, as tierWindowStart computes it from the
 * program's tier_window_days, or :tier_window_days_default when the row has none.
 */
export const TIER_WINDOW_START = `CAST(:now AS timestamptz) - make_interval(secs => 86400 * CAST(
  COALESCE(program.program_row->'settings'->>'tier_window_days', CAST(:tier_window_days_default AS text)) AS double precision))`

/** The bindings TIER_WINDOW_START reads. */
export const tierWindowBindings = (defaults: ProgramSettings, now: Date) => ({
  now,
  tier_window_days_default: defaults.tier_window_days,
})

/** The settings, tiers and window start of a row that selected PROGRAM_AND_TIERS' columns. */
export function tierContextOf(row: { program_row: Record<string, any> | null; tiers: any[] }, defaults: ProgramSettings, now: Date): TierContext {
  const settings = mergeSettings(defaults, row.program_row ?? undefined)
  return { settings, tiers: row.tiers.map(tierView), since: tierWindowStart(now, settings.tier_window_days) }
}

/** The settings, the tiers and the start of the tier window at `now`, in one statement on `knex` (the caller's transaction, if any). */
export async function readTierContext(knex: Knex, defaults: ProgramSettings, now: Date): Promise<TierContext> {
  const { rows } = await knex.raw(`WITH ${PROGRAM_AND_TIERS} SELECT program_row, tiers FROM program`)
  return tierContextOf(rows[0], defaults, now)
}
