import type { MedusaContainer } from "@medusajs/framework/types"
import { LOYALTY_MODULE } from "../../modules/loyalty"
import type LoyaltyModuleService from "../../modules/loyalty/service"
import { loadCartPoints, type CartPoints } from "./cart-points"
import { notices, type CartPointsNotice } from "./points-notice"
import { applyCartPointsWorkflow } from "./workflows/apply-cart-points"
import { removeCartPointsWorkflow } from "./workflows/remove-cart-points"

export type ReconcileOutcome = "none" | "kept" | "capped" | "reapplied" | "released" | "removed"

/**
 * After a cart changes (items, region, owner, promotion codes): the points held for it follow.
 * - another customer's hold (the cart was transferred) goes back to them at once;
 * - a new currency re-applies the points at its point value, or takes them off when it has none;
 * - points that no longer fit the cart's limits are re-capped to the most that fits (Medusa's
 *   refresh already dropped the oversized discount through the promotion's own price rule), or
 *   taken off below min_redeem_points;
 * - a discount that is gone while the points still fit was taken off by the shopper (the
 *   storefront's promo-code box): the hold is released, never put back.
 */
export async function reconcileCartPoints(container: MedusaContainer, cartId: string): Promise<ReconcileOutcome> {
  try {
    return await reconcile(container, cartId)
  } catch (error) {
    // The cart completed while this waited for its lock: the order settles its points now.
    const state = await loadCartPoints(container, { cart_id: cartId, customer_id: null }).catch(() => null)
    if (state?.completed) {
      return "kept"
    }
    throw error
  }
}

async function reconcile(container: MedusaContainer, cartId: string): Promise<ReconcileOutcome> {
  const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  const [hold] = await loyalty.listLoyaltyReservations({ cart_id: cartId, status: "active" })
  if (!hold) {
    return "none"
  }
  const state = await loadCartPoints(container, { cart_id: cartId, customer_id: null })
  if (state.completed) {
    return "kept"
  }
  if (state.foreign_hold) {
    return remove(container, state, notices.removedOwner(), "released")
  }
  const currencyChanged = state.promotion_currency_code !== null && state.promotion_currency_code !== state.currency_code
  const fits = state.reserved_points <= state.max_redeemable_points
  if (!currencyChanged && fits) {
    if (!state.applied) {
      return remove(container, state, null, "released")
    }
    // A line points may not pay for was added or removed: the discount moves off it.
    if (state.excluded_item_ids.join() === state.promotion_excluded_item_ids.join()) {
      return "kept"
    }
    await applyCartPointsWorkflow(container).run({
      input: { cart_id: cartId, customer_id: state.customer_id, points: state.reserved_points, notice: state.notice },
    })
    return "kept"
  }
  const points = Math.min(state.reserved_points, state.max_redeemable_points)
  const redeemable = state.program.enabled && state.point_value && points > 0 && points >= state.program.min_redeem_points
  if (!redeemable) {
    const why = currencyChanged && !state.point_value ? notices.removedCurrency(state.currency_code) : notices.removedLimit()
    return remove(container, state, why, "removed")
  }
  const notice = currencyChanged ? notices.currencyChanged(state.currency_code, points) : notices.capped(points)
  await applyCartPointsWorkflow(container).run({
    input: { cart_id: cartId, customer_id: state.customer_id, points, notice },
  })
  return currencyChanged ? "reapplied" : "capped"
}

async function remove(
  container: MedusaContainer,
  state: CartPoints,
  notice: CartPointsNotice | null,
  outcome: ReconcileOutcome
) {
  await removeCartPointsWorkflow(container).run({ input: { cart_id: state.cart_id, customer_id: null, notice } })
  return outcome
}
