import fs from "fs"
import type { ExecArgs } from "@medusajs/framework/types"
import expirePoints from "../../src/jobs/expire-points"
import releasePendingPoints from "../../src/jobs/release-pending-points"
import releaseStaleReservations from "../../src/jobs/release-stale-reservations"

/** The lines run-jobs-at-once prints: once booted and waiting, and once its jobs are done. */
export const JOBS_READY = "LOYALTY_JOBS_READY"
export const JOBS_DONE = "LOYALTY_JOBS_DONE"

/**
 * `medusa exec integration-tests/helpers/run-jobs-at-once.ts`, started in several app instances
 * (npm run test:scale starts one beside each worker, with the workers' config): boots, prints
 * LOYALTY_JOBS_READY, waits until the file LOYALTY_JOBS_GO names exists, then runs the expiry,
 * pending-release and abandoned-hold jobs at once, as Medusa's scheduler calls them, and prints
 * LOYALTY_JOBS_DONE. The file lets every instance start its jobs at the same moment, however
 * long each took to boot.
 */
export default async function runJobsAtOnce({ container }: ExecArgs) {
  const go = process.env.LOYALTY_JOBS_GO
  if (!go) {
    throw new Error("LOYALTY_JOBS_GO must name the file that starts the jobs")
  }
  process.stdout.write(`\n${JOBS_READY}\n`)
  while (!fs.existsSync(go)) {
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  await Promise.all([expirePoints(container), releasePendingPoints(container), releaseStaleReservations(container)])
  process.stdout.write(`\n${JOBS_DONE}\n`)
}
