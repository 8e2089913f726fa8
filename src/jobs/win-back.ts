import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { jobSchedule } from "../lib/job-schedules"
import { winBackShoppersWorkflow } from "../workflows"

/**
 * Daily (10:00 server time, or the cron in LOYALTY_WINBACK_CRON), with winback_days set:
 * shoppers with points and no order for that many days get `loyalty.winback`, and
 * winback_bonus if set, once per quiet period. Safe to run twice at once and to kill
 * halfway: each batch commits whole, marks its shoppers and keys each bonus by account and period.
 */
export default async function winBack(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { result } = await winBackShoppersWorkflow(container).run({ input: {} })
  if (result.accounts) {
    logger.info(`medusa-loyalty: win-back for ${result.accounts} shopper(s), ${result.points} bonus point(s)`)
  }
  if (result.skipped) {
    logger.warn(`medusa-loyalty: win-back: ${result.skipped} account(s) held by another transaction; the next run writes to them`)
  }
}

export const config = {
  name: "loyalty-winback",
  schedule: jobSchedule("loyalty-winback"),
}
