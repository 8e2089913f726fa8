import type { MedusaContainer } from "@medusajs/framework/types"
import { LOYALTY_MODULE } from "../../modules/loyalty"
import type LoyaltyModuleService from "../../modules/loyalty/service"
import { loadCartPoints } from "./cart-points"
import { applyCartPointsWorkflow } from "./workflows/apply-cart-points"
import { removeCartPointsWorkflow } from "./workflows/remove-cart-points"

/**
 * After a cart changes: points that no longer fit its limits are re-capped to
 * the most that does fit, or taken off when that is below min_redeem_points.
 * (The promotion's own rule already dropped an oversized discount inside
 * Medusa's cart refresh; this puts the right amount back.)
 */
export async function reconcileCartPoints(container: MedusaContainer, cartId: string) {
  const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  const [hold] = await loyalty.listLoyaltyReservations({ cart_id: cartId, status: "active" })
  if (!hold) {
    return "none" as const
  }
  const state = await loadCartPoints(container, { cart_id: cartId, customer_id: null })
  if (state.completed || (state.applied && state.reserved_points <= state.max_redeemable_points)) {
    return "kept" as const
  }
  const points = Math.min(state.reserved_points, state.max_redeemable_points)
  const redeemable = state.program.enabled && state.point_value && points > 0 && points >= state.program.min_redeem_points
  if (redeemable) {
    await applyCartPointsWorkflow(container).run({
      input: { cart_id: cartId, customer_id: state.customer_id, points },
    })
    return "capped" as const
  }
  await removeCartPointsWorkflow(container).run({ input: { cart_id: cartId, customer_id: state.customer_id } })
  return "removed" as const
}
