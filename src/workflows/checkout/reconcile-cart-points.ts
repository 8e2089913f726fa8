import type { MedusaContainer } from "@medusajs/framework/types"
import { LOYALTY_MODULE } from "../../modules/loyalty"
import type LoyaltyModuleService from "../../modules/loyalty/service"
import { notices } from "./points-notice"
import type { CartPointsDecision } from "./steps/decide-cart-points"
import { DISCOUNT_NOT_APPLIED } from "./steps/confirm-points-applied"
import { reconcileCartPointsWorkflow } from "./workflows/reconcile-cart-points"
import { removeCartPointsWorkflow } from "./workflows/remove-cart-points"

export type ReconcileOutcome = "none" | "kept" | "capped" | "reapplied" | "retargeted" | "released" | "removed"

/**
 * After a cart changed: the points held for it follow (see decideCartPointsStep). A cart with
 * no hold is left alone without taking its lock (Medusa's own cart workflows wait only 2 s for
 * it). When Medusa will not apply the discount any more, the points are taken off and given
 * back, but only while the hold is still the one this saw. Any other failure is thrown, so the
 * event is handled again rather than the points released by mistake.
 */
export async function reconcileCartPoints(container: MedusaContainer, cartId: string): Promise<ReconcileOutcome> {
  const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  const [hold] = await loyalty.listLoyaltyReservations({ cart_id: cartId, status: "active" })
  if (!hold) {
    return "none"
  }
  let decision: CartPointsDecision
  try {
    ;({ result: decision } = await reconcileCartPointsWorkflow(container).run({ input: { cart_id: cartId } }))
  } catch (error) {
    if ((error as Error).message !== DISCOUNT_NOT_APPLIED) {
      throw error
    }
    const only_hold = { id: hold.id, points: hold.points }
    const notice = notices.removedLimit()
    const released = await removeCartPointsWorkflow(container)
      .run({ input: { cart_id: cartId, customer_id: null, notice, only_hold } })
      .then(() => true)
      .catch(() => false)
    return released ? "removed" : "kept"
  }
  if (decision.action === "apply" || decision.action === "remove") {
    return decision.outcome
  }
  return decision.action === "none" ? "none" : "kept"
}
