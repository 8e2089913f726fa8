import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { bindCouponReferralStep } from "../../referrals/steps/bind-coupon-referral"
import { bindOrderVisitStep } from "../../referrals/steps/bind-order-visit"
import { computeOrderEarningStep } from "../steps/compute-order-earning"
import { creditOrderBonusStep } from "../steps/credit-order-bonus"
import { creditOrderEarningStep } from "../steps/credit-order-earning"
import { payReferralRewardsStep } from "../../referrals/steps/pay-referral-rewards"
import { settleShopperStandingWorkflow } from "./settle-shopper-standing"

export { LOYALTY_POINTS_EARNED } from "../order-events"

/**
 * A placed order earns its customer points (pending for the return window)
 * under the program's rules (after a referral coupon on it binds the
 * customer to its referrer), plus the order bonus, the referral rewards of a
 * referred shopper's order and any achievement its spend reaches; then the
 * shopper's tier follows and the events these wrote
 * go out. Once per order: a run that failed halfway is finished by the next
 * delivery of order.placed, which replays what was written.
 */
export const accrueOrderPointsWorkflow = createWorkflow(
  "loyalty-accrue-order-points",
  (input: { order_id: string }) => {
    // First: a referral coupon on the order binds its customer (the referral rewards below read it);
    // then the visit the order carries binds to its site's owner, unless the coupon already bound them.
    bindCouponReferralStep(input)
    bindOrderVisitStep(input)
    const earning = computeOrderEarningStep(input)
    const lot = creditOrderEarningStep(earning)
    creditOrderBonusStep(earning)
    payReferralRewardsStep(earning)
    const shopper = transform({ earning, input }, ({ earning, input }) => ({
      customer_id: earning?.customer_id ?? null,
      order_id: input.order_id,
    }))
    settleShopperStandingWorkflow.runAsStep({ input: shopper })
    return new WorkflowResponse(lot)
  }
)
