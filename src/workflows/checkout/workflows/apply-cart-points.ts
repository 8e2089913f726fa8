import { randomUUID } from "node:crypto"
import { acquireLockStep, releaseLockStep, updateCartPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { PromotionActions } from "@medusajs/framework/utils"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { CartPointsNotice } from "../points-notice"
import { checkCartPointsStep } from "../steps/check-cart-points"
import { confirmPointsAppliedStep } from "../steps/confirm-points-applied"
import { holdCartPointsStep, releaseCartPointsStep } from "../steps/hold-cart-points"
import { preparePointsPromotionStep, setPointsPromotionStep } from "../steps/upsert-points-promotion"

export type ApplyCartPointsInput = {
  cart_id: string
  customer_id: string
  points: number
  /** Set when the store re-applies the points after a cart change, for the shopper to read. */
  notice?: CartPointsNotice | null
}

/**
 * Points changes take the lock completeCartWorkflow holds on the cart id for its whole run (and
 * Medusa's other cart workflows take): a points change and a completion never interleave, so a
 * hold released here is never one an order used. Medusa's cart workflows run inside this one
 * skip their own lock. The wait and the ttl match completion's own (30 s, 2 min).
 */
export const CART_LOCK = { timeout: 30, ttl: 120 }

/** Each run owns its lock, so a run that outlived its ttl can never release another's. */
export const cartLockOwner = () => transform({}, () => `loyalty:${randomUUID()}`)

/**
 * Puts `points` on the shopper's cart, replacing an earlier amount: holds them on the account
 * first, then sets the cart's points promotion and applies it through Medusa's own cart
 * promotion workflow, which refreshes the payment collection (as Medusa's promotions route
 * does), so the card is never charged the total from before the points changed.
 */
export const applyCartPointsWorkflow = createWorkflow(
  "loyalty-apply-cart-points",
  (input: ApplyCartPointsInput) => {
    const owner = cartLockOwner()
    acquireLockStep({ key: input.cart_id, ownerId: owner, ...CART_LOCK })
    const state = checkCartPointsStep(input)
    // A hold left by the cart's previous owner goes back to them before this one's is taken.
    when({ state }, ({ state }) => state.foreign_hold).then(() => {
      releaseCartPointsStep({ cart_id: input.cart_id })
    })
    const promotion = preparePointsPromotionStep({ state, points: input.points })
    const hold = transform({ input, promotion, state }, ({ input, promotion, state }) => ({
      customer_id: state.customer_id,
      cart_id: input.cart_id,
      points: input.points,
      promotion_id: promotion.id,
      ttl_hours: state.program.reservation_ttl_hours,
    }))
    holdCartPointsStep(hold)
    setPointsPromotionStep({ state, points: input.points, promotion, notice: input.notice })
    const promoInput = transform({ promotion, state }, ({ promotion, state }) => ({
      cart_id: state.cart_id,
      promo_codes: [promotion.code],
      action: PromotionActions.ADD,
      force_refresh_payment_collection: true,
    }))
    updateCartPromotionsWorkflow.runAsStep({ input: promoInput })
    const applied = confirmPointsAppliedStep({ cart_id: input.cart_id, customer_id: input.customer_id })
    releaseLockStep({ key: input.cart_id, ownerId: owner })
    return new WorkflowResponse(applied)
  }
)
