import { acquireLockStep, releaseLockStep, updateCartPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { PromotionActions } from "@medusajs/framework/utils"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { checkCartPointsStep } from "../steps/check-cart-points"
import { releaseCartPointsStep } from "../steps/hold-cart-points"
import { deactivatePointsPromotionStep } from "../steps/upsert-points-promotion"
import { cartPointsLock } from "./apply-cart-points"

export type RemoveCartPointsInput = {
  cart_id: string
  /** The logged-in shopper; null when the store acts (a hold past its time). */
  customer_id: string | null
}

/** Takes the points off a cart: the discount goes, the hold is released, the promotion retired. */
export const removeCartPointsWorkflow = createWorkflow(
  "loyalty-remove-cart-points",
  (input: RemoveCartPointsInput) => {
    const lock = transform({ input }, ({ input }) => cartPointsLock(input.cart_id))
    acquireLockStep({ key: lock, timeout: 10, ttl: 30 })
    const state = checkCartPointsStep(input)
    when({ state }, ({ state }) => state.applied).then(() => {
      const promoInput = transform({ state }, ({ state }) => ({
        cart_id: state.cart_id,
        promo_codes: [state.promotion_code],
        action: PromotionActions.REMOVE,
      }))
      updateCartPromotionsWorkflow.runAsStep({ input: promoInput })
    })
    const released = releaseCartPointsStep({ cart_id: input.cart_id })
    const code = transform({ state }, ({ state }) => ({ code: state.promotion_code }))
    deactivatePointsPromotionStep(code)
    releaseLockStep({ key: lock })
    return new WorkflowResponse(released)
  }
)
