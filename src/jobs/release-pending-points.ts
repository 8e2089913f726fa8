import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { releasePendingPointsWorkflow } from "../workflows"

const BATCH = 500
const MAX_BATCHES = 200

/**
 * Every 15 minutes: pending points whose time has come become available, in
 * batches of 500 until none are due. Safe to run twice at once (each lot is
 * released under its account's lock, once) and to kill: the next run goes on.
 */
export default async function releasePendingPoints(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  let total = 0
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const { result } = await releasePendingPointsWorkflow(container).run({ input: { limit: BATCH } })
    const lots = result.reduce((sum, account) => sum + account.transaction_ids.length, 0)
    total += lots
    if (lots < BATCH) {
      break
    }
  }
  if (total) {
    logger.info(`medusa-loyalty: released ${total} pending point lot(s)`)
  }
}

export const config = {
  name: "loyalty-release-pending-points",
  schedule: "*/15 * * * *",
}
