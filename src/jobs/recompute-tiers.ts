import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { jobSchedule } from "../lib/job-schedules"
import { recomputeTiersWorkflow } from "../workflows"

/**
 * Daily (02:30, or the cron in LOYALTY_TIERS_CRON): order points leave the
 * tier window as they age, so tiers are recomputed for everyone. Safe to run
 * twice at once and to kill halfway: batches lock their accounts and commit whole.
 */
export default async function recomputeTiers(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { result } = await recomputeTiersWorkflow(container).run({ input: {} })
  if (result.accounts) {
    logger.info(`medusa-loyalty: ${result.accounts} shopper(s) changed tier`)
  }
}

export const config = {
  name: "loyalty-recompute-tiers",
  schedule: jobSchedule("loyalty-recompute-tiers"),
}
