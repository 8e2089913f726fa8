import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { jobSchedule } from "../lib/job-schedules"
import { releasePendingPointsWorkflow } from "../workflows"

/**
 * Every 15 minutes: pending points whose time has come become available, in
 * batches of accounts until none are due. Safe to run twice at once (each
 * batch locks its accounts, skipping those another run holds) and to kill:
 * every batch commits whole, and the next run goes on.
 */
export default async function releasePendingPoints(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { result } = await releasePendingPointsWorkflow(container).run({ input: {} })
  if (result.lots) {
    logger.info(`medusa-loyalty: ${result.points} pending point(s) in ${result.lots} lot(s) became available`)
  }
}

export const config = {
  name: "loyalty-release-pending-points",
  schedule: jobSchedule("loyalty-release-pending-points"),
}
