import { acquireLockStep, releaseLockStep, updateCartPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { PromotionActions } from "@medusajs/framework/utils"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { CartPointsNotice } from "../points-notice"
import { checkCartPointsStep } from "../steps/check-cart-points"
import { releaseCartPointsStep } from "../steps/hold-cart-points"
import { deactivatePointsPromotionStep } from "../steps/upsert-points-promotion"
import { CART_LOCK, cartLockOwner } from "./apply-cart-points"

export type RemoveCartPointsInput = {
  cart_id: string
  /** The logged-in shopper; null when the store acts (a hold past its time, a cart change). */
  customer_id: string | null
  /** Why the store took the points off, for the shopper to read. */
  notice?: CartPointsNotice | null
  /** Remove only while this is still the cart's hold. */
  only_hold?: { id: string; points: number }
}

/**
 * Takes the points off a cart: the discount goes (and with it the payment collection is
 * refreshed to the new total), the hold is released, the promotion retired. Under the cart's
 * lock, like applying: a cart that completed meanwhile is refused, its hold left for its order.
 */
export const removeCartPointsWorkflow = createWorkflow(
  "loyalty-remove-cart-points",
  (input: RemoveCartPointsInput) => {
    const owner = cartLockOwner()
    acquireLockStep({ key: input.cart_id, ownerId: owner, ...CART_LOCK })
    const state = checkCartPointsStep(input)
    when({ state }, ({ state }) => state.applied).then(() => {
      const promoInput = transform({ state }, ({ state }) => ({
        cart_id: state.cart_id,
        promo_codes: [state.promotion_code!],
        action: PromotionActions.REMOVE,
        force_refresh_payment_collection: true,
      }))
      updateCartPromotionsWorkflow.runAsStep({ input: promoInput })
    })
    const released = releaseCartPointsStep({ cart_id: input.cart_id })
    const retire = transform({ state, input }, ({ state, input }) => ({
      promotion_id: state.promotion_id,
      notice: input.notice ?? null,
    }))
    deactivatePointsPromotionStep(retire)
    releaseLockStep({ key: input.cart_id, ownerId: owner })
    return new WorkflowResponse(released)
  }
)
