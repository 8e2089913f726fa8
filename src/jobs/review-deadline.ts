import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { jobSchedule } from "../lib/job-schedules"
import { LOYALTY_MODULE } from "../modules/loyalty"
import type { ILoyaltyModuleService } from "../types/loyalty"
import { decideOverdueReferralsWorkflow, rewardReferralOrdersWorkflow } from "../workflows"

const BATCH = 100
const MAX_BATCHES = 50
const VISIT_BATCH = 5000

/** What a run started by hand (`medusa exec`, a test) may set. */
export type ReviewDeadlineRun = {
  /** Decide what is overdue at this moment; now when left out. */
  now?: Date
  batch_size?: number
}

/**
 * Hourly: flagged referrals nobody reviewed by their deadline get the
 * program's referrals.review_default (approve: bound, and their waiting
 * rewards are paid; reject: rejected), with reviewed_by null. Safe to run
 * twice at once: each batch takes only rows no other run holds. Also forgets
 * unknown-code attempts older than a day and visits too old to bind (30 days).
 */
export default async function reviewDeadline(container: MedusaContainer, { now, batch_size = BATCH }: ReviewDeadlineRun = {}) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  const total = { approved: 0, rejected: 0, unpaid: 0 }
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const { result } = await decideOverdueReferralsWorkflow(container).run({ input: { limit: batch_size, now } })
    for (const referralId of result.referral_ids) {
      if (result.decision === "reject") {
        total.rejected++
        continue
      }
      total.approved++
      try {
        await rewardReferralOrdersWorkflow(container).run({ input: { referral_id: referralId } })
      } catch (error) {
        // Bound now: the next order event or an admin's approve (which replays) pays it.
        total.unpaid++
        logger.warn(`medusa-loyalty: referral ${referralId} was approved by its review deadline, but its rewards failed: ${(error as Error).message}`)
      }
    }
    if (result.referral_ids.length < batch_size) {
      break
    }
  }
  await loyalty.pruneReferralAttempts()
  // Visits too old to bind anyone go, a batch at a time (a backlog is finished by later runs).
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    if ((await loyalty.pruneReferralVisits(VISIT_BATCH)) < VISIT_BATCH) {
      break
    }
  }
  if (total.approved || total.rejected) {
    logger.info(`medusa-loyalty: review deadline: ${total.approved} referral(s) approved, ${total.rejected} rejected by default`)
  }
  return total
}

export const config = {
  name: "loyalty-review-deadline",
  schedule: jobSchedule("loyalty-review-deadline"),
}
