import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { computeOrderEarningStep } from "../steps/compute-order-earning"
import { reverseOrderBonusStep } from "../steps/credit-order-bonus"
import { settleShopperStandingWorkflow } from "./settle-shopper-standing"
import { settleOrderPointsStep } from "../steps/settle-order-points"
import { LOYALTY_POINTS_EARNED } from "./accrue-order-points"

export const LOYALTY_POINTS_REVERSED = "loyalty.points_reversed"
export const LOYALTY_POINTS_RESTORED = "loyalty.points_restored"

export type SettleOrderPointsWorkflowInput = {
  order_id: string
  /** e.g. `cancel:order_1`, `return:ret_1`, `refund:ref_1`, `edit:ordch_1`, `claim:claim_1`, `exchange:exc_1`. */
  cause: string
}

/**
 * After a cancel, return, refund, confirmed edit, claim or exchange: reverses
 * what the order no longer earns or credits what its added items earn, and
 * restores points spent on what is no longer in the order; takes back the
 * order bonus when nothing is left of the order and achievements the spend
 * fell below; then the shopper's tier follows.
 */
export const settleOrderPointsWorkflow = createWorkflow(
  "loyalty-settle-order-points",
  (input: SettleOrderPointsWorkflowInput) => {
    const earning = computeOrderEarningStep(input)
    const settled = settleOrderPointsStep({ earning, cause: input.cause })
    reverseOrderBonusStep({ earning, cause: input.cause })
    const shopper = transform({ earning, input }, ({ earning, input }) => ({
      customer_id: earning?.customer_id ?? null,
      order_id: input.order_id,
    }))
    settleShopperStandingWorkflow.runAsStep({ input: shopper })

    when({ settled }, ({ settled }) => (settled?.reversed ?? 0) > 0).then(() => {
      const data = transform({ settled }, ({ settled }) => ({
        account_id: settled!.account_id,
        customer_id: settled!.customer_id,
        order_id: settled!.order_id,
        points: settled!.reversed,
      }))
      emitEventStep({ eventName: LOYALTY_POINTS_REVERSED, data }).config({ name: "emit-points-reversed" })
    })
    when({ settled }, ({ settled }) => (settled?.restored ?? 0) > 0).then(() => {
      const data = transform({ settled }, ({ settled }) => ({
        account_id: settled!.account_id,
        customer_id: settled!.customer_id,
        order_id: settled!.order_id,
        points: settled!.restored,
      }))
      emitEventStep({ eventName: LOYALTY_POINTS_RESTORED, data }).config({ name: "emit-points-restored" })
    })
    when({ settled }, ({ settled }) => Boolean(settled?.earned)).then(() => {
      const data = transform({ settled }, ({ settled }) => ({
        account_id: settled!.account_id,
        customer_id: settled!.customer_id,
        order_id: settled!.order_id,
        points: settled!.earned!.points,
        status: settled!.earned!.status,
        available_at: settled!.earned!.available_at,
        transaction_id: settled!.earned!.id,
      }))
      emitEventStep({ eventName: LOYALTY_POINTS_EARNED, data }).config({ name: "emit-points-earned" })
    })
    return new WorkflowResponse(settled)
  }
)
