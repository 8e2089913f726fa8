import { acquireLockStep, releaseLockStep, updateCartPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { PromotionActions } from "@medusajs/framework/utils"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { checkCartPointsStep } from "../steps/check-cart-points"
import { confirmPointsAppliedStep } from "../steps/confirm-points-applied"
import { holdCartPointsStep } from "../steps/hold-cart-points"
import { upsertPointsPromotionStep } from "../steps/upsert-points-promotion"

export type ApplyCartPointsInput = { cart_id: string; customer_id: string; points: number }

/** Its own lock key: Medusa's cart workflows inside take the cart id itself. */
export const cartPointsLock = (cartId: string) => `loyalty-points:${cartId}`

/**
 * Puts `points` on the shopper's cart, replacing an earlier amount: holds them
 * on the account and applies the cart's points promotion through Medusa's own
 * cart promotion workflow. One request per cart at a time.
 */
export const applyCartPointsWorkflow = createWorkflow(
  "loyalty-apply-cart-points",
  (input: ApplyCartPointsInput) => {
    const lock = transform({ input }, ({ input }) => cartPointsLock(input.cart_id))
    acquireLockStep({ key: lock, timeout: 10, ttl: 30 })
    const state = checkCartPointsStep(input)
    const promotion = upsertPointsPromotionStep({ state, points: input.points })
    const hold = transform({ input, promotion, state }, ({ input, promotion, state }) => ({
      customer_id: state.customer_id,
      cart_id: input.cart_id,
      points: input.points,
      promotion_id: promotion.id,
      ttl_hours: state.program.reservation_ttl_hours,
    }))
    holdCartPointsStep(hold)
    const promoInput = transform({ state }, ({ state }) => ({
      cart_id: state.cart_id,
      promo_codes: [state.promotion_code],
      action: PromotionActions.ADD,
    }))
    updateCartPromotionsWorkflow.runAsStep({ input: promoInput })
    const applied = confirmPointsAppliedStep({ cart_id: input.cart_id, customer_id: input.customer_id })
    releaseLockStep({ key: lock })
    return new WorkflowResponse(applied)
  }
)
