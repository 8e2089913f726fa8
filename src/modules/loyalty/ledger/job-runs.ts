import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/** The birthday job's row in loyalty_job_run. */
export const BIRTHDAY_JOB = "birthday-bonuses"

/** The local date ("YYYY-MM-DD") of the job's last completed run; null before the first. */
export async function readLastCompletedOn(knex: Knex, name: string): Promise<string | null> {
  const row = await knex("loyalty_job_run").where({ name }).whereNull("deleted_at").first("last_completed_on")
  return row?.last_completed_on ?? null
}

/**
 * Records that a run of the job finished every account for the local date
 * `on` ("YYYY-MM-DD"). The date only moves forward: a slow run that finishes
 * after a later one leaves the later date in place.
 */
export async function recordCompletedOn(knex: Knex, name: string, on: string): Promise<string> {
  const { rows } = await knex.raw(
    `INSERT INTO loyalty_job_run (name, last_completed_on) VALUES (?, ?)
     ON CONFLICT (name) DO UPDATE SET
       last_completed_on = CASE WHEN loyalty_job_run.deleted_at IS NULL
         THEN GREATEST(loyalty_job_run.last_completed_on, EXCLUDED.last_completed_on)
         ELSE EXCLUDED.last_completed_on END,
       updated_at = now(), deleted_at = NULL
     RETURNING last_completed_on`,
    [name, on]
  )
  return rows[0].last_completed_on
}
