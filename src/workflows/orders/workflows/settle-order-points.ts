import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { computeOrderEarningStep } from "../steps/compute-order-earning"
import { reverseOrderBonusStep } from "../steps/credit-order-bonus"
import { settleOrderPointsStep } from "../steps/settle-order-points"
import { settleReferralRewardsStep } from "../../referrals/steps/settle-referral-rewards"
import { settleShopperStandingWorkflow } from "./settle-shopper-standing"

export { LOYALTY_POINTS_RESTORED, LOYALTY_POINTS_REVERSED } from "../order-events"

export type SettleOrderPointsWorkflowInput = {
  order_id: string
  /** e.g. `cancel:order_1`, `return:ret_1`, `refund:ref_1`, `edit:ordch_1`, `claim:claim_1`, `exchange:exc_1`. */
  cause: string
}

/**
 * After a cancel, return, refund, confirmed edit, claim or exchange: reverses
 * what the order no longer earns or credits what its added items earn, and
 * restores points spent on what is no longer in the order; takes back the
 * order bonus when nothing is left of the order, referral rewards with the
 * order, and achievements the spend fell below; then the shopper's tier follows and the events these wrote go
 * out. A run that failed halfway is finished by the event's next delivery.
 */
export const settleOrderPointsWorkflow = createWorkflow(
  "loyalty-settle-order-points",
  (input: SettleOrderPointsWorkflowInput) => {
    const earning = computeOrderEarningStep(input)
    const settled = settleOrderPointsStep({ earning, cause: input.cause })
    reverseOrderBonusStep({ earning, cause: input.cause })
    settleReferralRewardsStep({ earning, cause: input.cause })
    const shopper = transform({ earning, input }, ({ earning, input }) => ({
      customer_id: earning?.customer_id ?? null,
      order_id: input.order_id,
    }))
    settleShopperStandingWorkflow.runAsStep({ input: shopper })
    return new WorkflowResponse(settled)
  }
)
