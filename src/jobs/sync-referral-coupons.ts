import type { MedusaContainer } from "@medusajs/framework/types"
import { jobSchedule } from "../lib/job-schedules"
import { syncReferralCouponsWorkflow } from "../workflows/referrals/workflows/sync-referral-coupons"

/**
 * Hourly: every referral coupon gives the program's current `referrals.coupon`
 * (or nothing while it is off). Saving the settings does this at once; the job
 * catches up after a sync that failed, or settings changed as plugin options.
 */
export default async function syncReferralCoupons(container: MedusaContainer) {
  await syncReferralCouponsWorkflow(container).run()
}

export const config = {
  name: "loyalty-sync-referral-coupons",
  schedule: jobSchedule("loyalty-sync-referral-coupons"),
}
