import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { loadCartPoints } from "../cart-points"
import { notices, type CartPointsNotice } from "../points-notice"

export type CartPointsDecision =
  | { action: "none" | "keep"; cart_id: string }
  | { action: "apply"; cart_id: string; customer_id: string; points: number; notice: CartPointsNotice | null; outcome: "capped" | "reapplied" | "retargeted" }
  | { action: "remove"; cart_id: string; notice: CartPointsNotice | null; outcome: "released" | "removed" }

/**
 * What the points held for a cart must become after the cart changed; read under the cart's
 * lock, so the decision is made on the cart as it is, not as it was when the change was seen.
 * - another customer's hold (the cart was transferred, or passed to a guest) goes back at once;
 * - a new currency: the points again at its point value, or off when it has none;
 * - points that no longer fit: the most that does fit, or off below min_redeem_points;
 * - a discount Medusa dropped while the points still fit (the cart shrank and grew back before
 *   this ran, or a setting changed under it): the points go back on. A code the shopper took
 *   off is released before Medusa's route runs (see releasePointsWhenCodeRemoved), so it never
 *   reaches this point.
 */
export const decideCartPointsStep = createStep(
  "loyalty-decide-cart-points",
  async ({ cart_id }: { cart_id: string }, { container }) => {
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const [hold] = await loyalty.listLoyaltyReservations({ cart_id, status: "active" })
    if (!hold) {
      return new StepResponse<CartPointsDecision>({ action: "none", cart_id })
    }
    const state = await loadCartPoints(container, { cart_id, customer_id: null })
    if (state.completed) {
      return new StepResponse<CartPointsDecision>({ action: "keep", cart_id })
    }
    if (state.foreign_hold) {
      return new StepResponse<CartPointsDecision>({ action: "remove", cart_id, notice: notices.removedOwner(), outcome: "released" })
    }
    const currencyChanged = state.promotion_currency_code !== null && state.promotion_currency_code !== state.currency_code
    const points = Math.min(state.reserved_points, state.max_redeemable_points)
    const redeemable = state.program.enabled && state.point_value && points > 0 && points >= state.program.min_redeem_points
    if (!redeemable) {
      const notice =
        currencyChanged && !state.point_value ? notices.removedCurrency(state.currency_code) : notices.removedLimit()
      return new StepResponse<CartPointsDecision>({ action: "remove", cart_id, notice, outcome: "removed" })
    }
    const apply = (notice: CartPointsNotice | null, outcome: "capped" | "reapplied" | "retargeted") =>
      new StepResponse<CartPointsDecision>({ action: "apply", cart_id, customer_id: state.customer_id, points, notice, outcome })
    if (currencyChanged) {
      return apply(notices.currencyChanged(state.currency_code, points), "reapplied")
    }
    if (points < state.reserved_points) {
      return apply(notices.capped(points), "capped")
    }
    if (!state.applied) {
      return apply(state.notice, "reapplied")
    }
    // A line points may not pay for came or went: the discount moves off it.
    if (state.excluded_item_ids.join() !== state.promotion_excluded_item_ids.join()) {
      return apply(state.notice, "retargeted")
    }
    return new StepResponse<CartPointsDecision>({ action: "keep", cart_id })
  }
)
