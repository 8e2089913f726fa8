import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { jobSchedule } from "../lib/job-schedules"
import { expirePointsWorkflow } from "../workflows"

/**
 * What a run started by hand (`medusa exec`, a test) may set; Medusa's scheduler does not (it
 * passes `{ scheduledFor }`, which may lie a whole period back, so the clock decides).
 */
export type ExpirePointsRun = {
  /** Expire and warn as of this moment; now when left out. */
  now?: Date
}

/**
 * Daily (03:00, or the cron in LOYALTY_EXPIRY_CRON): expires due points and
 * sends the expiry warnings. Safe to run twice at once and to kill halfway:
 * see the expiry workflow's steps.
 */
export default async function expirePoints(container: MedusaContainer, { now }: ExpirePointsRun = {}) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { result } = await expirePointsWorkflow(container).run({
    input: { now: now?.toISOString() },
  })
  const { lots, inactivity } = result.expired
  if (lots.lots || inactivity?.lots || result.warned.lots || result.warned.inactive_accounts) {
    logger.info(
      `medusa-loyalty: expired ${lots.points} point(s) in ${lots.lots} lot(s)` +
        (inactivity ? `, ${inactivity.points} point(s) of ${inactivity.accounts} inactive shopper(s)` : "") +
        `; warned of ${result.warned.lots} lot(s) expiring soon` +
        (inactivity ? ` and ${result.warned.inactive_accounts} shopper(s) about to lose points for inactivity` : "")
    )
  }
}

export const config = {
  name: "loyalty-expire-points",
  schedule: jobSchedule("loyalty-expire-points"),
}
