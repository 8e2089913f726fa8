import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ensureReferralCouponStep } from "../steps/ensure-referral-coupon"

/** The referrer's coupon code, made on first need while referral coupons are on; null while they are off. */
export const ensureReferralCouponWorkflow = createWorkflow(
  "loyalty-ensure-referral-coupon",
  (input: { customer_id: string }) => new WorkflowResponse(ensureReferralCouponStep(input))
)
