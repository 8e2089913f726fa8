import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { computeOrderEarningStep } from "../steps/compute-order-earning"
import { creditOrderBonusStep } from "../steps/credit-order-bonus"
import { creditOrderEarningStep } from "../steps/credit-order-earning"
import { settleShopperStandingWorkflow } from "./settle-shopper-standing"

export const LOYALTY_POINTS_EARNED = "loyalty.points_earned"

/**
 * A placed order earns its customer points (pending for the return window)
 * under the program's rules, plus the order bonus and any achievement its
 * spend reaches; then the shopper's tier follows. Once per order.
 */
export const accrueOrderPointsWorkflow = createWorkflow(
  "loyalty-accrue-order-points",
  (input: { order_id: string }) => {
    const earning = computeOrderEarningStep(input)
    const lot = creditOrderEarningStep(earning)
    creditOrderBonusStep(earning)
    const shopper = transform({ earning, input }, ({ earning, input }) => ({
      customer_id: earning?.customer_id ?? null,
      order_id: input.order_id,
    }))
    settleShopperStandingWorkflow.runAsStep({ input: shopper })

    // A repeated order.placed finds the lot written already and tells no one again.
    when({ lot }, ({ lot }) => Boolean(lot && !lot.replayed)).then(() => {
      const data = transform({ lot, earning }, ({ lot, earning }) => ({
        account_id: lot!.account_id,
        customer_id: earning!.customer_id,
        order_id: earning!.order_id,
        points: lot!.points,
        status: lot!.status,
        available_at: lot!.available_at,
        transaction_id: lot!.id,
      }))
      emitEventStep({ eventName: LOYALTY_POINTS_EARNED, data })
    })
    return new WorkflowResponse(lot)
  }
)
