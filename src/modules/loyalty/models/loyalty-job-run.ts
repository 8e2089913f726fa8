import { model } from "@medusajs/framework/utils"

/**
 * How far a scheduled job got, one row per job (`name`, e.g. "birthday-bonuses"):
 * the store's local date ("YYYY-MM-DD") of its last run that finished every
 * account. Kept in the database, not in memory, so every server instance's
 * next run carries on from the same day (ledger/job-runs.ts).
 */
export const LoyaltyJobRun = model.define("loyalty_job_run", {
  name: model.text().primaryKey(),
  last_completed_on: model.text(),
})
