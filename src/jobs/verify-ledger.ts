import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { jobSchedule } from "../lib/job-schedules"
import { verifyLedgerWorkflow } from "../workflows"

/**
 * Nightly (04:00 server time, after expiry, or the cron in LOYALTY_LEDGER_CHECK_CRON): checks
 * every account's figures against its ledger, in batches of short read-only transactions.
 * Each account that differs gets a warning line and a `loyalty.ledger_drift` event; the result
 * is what GET /admin/loyalty/health and the admin's Loyalty page show. Safe to run twice at
 * once (the second finds the first running and checks nothing) and to kill: the next run, or
 * one started in the admin, takes the dead check for failed after ten minutes and starts anew.
 */
export default async function verifyLedger(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { result } = await verifyLedgerWorkflow(container).run({ input: { trigger: "schedule" } })
  const { check, started } = result
  if (started && check.accounts_drifted > 0) {
    logger.warn(
      `medusa-loyalty: ledger check ${check.id}: ${check.accounts_drifted} of ${check.accounts_checked} account(s) differ from their ledger`
    )
  }
}

export const config = {
  name: "loyalty-verify-ledger",
  schedule: jobSchedule("loyalty-verify-ledger"),
}
