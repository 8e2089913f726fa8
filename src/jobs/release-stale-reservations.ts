import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { jobSchedule } from "../lib/job-schedules"
import { releaseStaleHolds } from "../workflows/checkout/release-stale-holds"

const BATCH = 100
const MAX_BATCHES = 50

/**
 * Every 15 minutes: points held for carts past reservation_ttl_hours go back
 * to their shoppers, in batches until none are due.
 */
export default async function releaseStaleReservations(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const total = { released: 0, committed: 0, failed: 0 }
  // A hold that fails (logged) stays due for the next run but never blocks the ones after it.
  const skip: string[] = []
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const result = await releaseStaleHolds(container, { limit: BATCH, skip })
    total.released += result.released
    total.committed += result.committed
    total.failed += result.failed
    skip.push(...result.failed_ids)
    if (result.released + result.committed + result.failed < BATCH) {
      break
    }
  }
  if (total.released || total.committed || total.failed) {
    logger.info(
      `medusa-loyalty: stale point holds: ${total.released} released, ${total.committed} paid by their orders, ${total.failed} failed`
    )
  }
}

export const config = {
  name: "loyalty-release-stale-reservations",
  schedule: jobSchedule("loyalty-release-stale-reservations"),
}
