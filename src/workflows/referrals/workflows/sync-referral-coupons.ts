import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { syncReferralCouponsStep } from "../steps/sync-referral-coupons"

/** Every referral coupon gives the program's current `referrals.coupon`, or nothing while it is off. */
export const syncReferralCouponsWorkflow = createWorkflow("loyalty-sync-referral-coupons", () => {
  return new WorkflowResponse(syncReferralCouponsStep())
})
