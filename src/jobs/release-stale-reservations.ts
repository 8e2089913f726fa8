import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { jobSchedule } from "../lib/job-schedules"
import { releaseStaleHolds } from "../workflows/checkout/release-stale-holds"

const BATCH = 100
const MAX_BATCHES = 50

/**
 * What a run started by hand (`medusa exec`, a test) may set; Medusa's scheduler sets neither (it
 * passes `{ scheduledFor }`, which may lie a whole period back, so the clock decides).
 */
export type ReleaseStaleReservationsRun = {
  /** Release what is due by this moment; now when left out. */
  now?: Date
  /** Holds per batch (default 100); a run does at most 50 batches. */
  batch_size?: number
}

/**
 * Every 15 minutes: points held for carts past reservation_ttl_hours go back
 * to their shoppers, in batches until none are due.
 */
export default async function releaseStaleReservations(
  container: MedusaContainer,
  { now, batch_size = BATCH }: ReleaseStaleReservationsRun = {}
) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const total = { released: 0, committed: 0, failed: 0 }
  // A hold that fails (logged) stays due for the next run but never blocks the ones after it.
  const skip: string[] = []
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const result = await releaseStaleHolds(container, { now, limit: batch_size, skip })
    total.released += result.released
    total.committed += result.committed
    total.failed += result.failed
    skip.push(...result.failed_ids)
    if (result.released + result.committed + result.failed < batch_size) {
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
