import type { MedusaContainer } from "@medusajs/framework/types"
import type { CartPointsDecision } from "./steps/decide-cart-points"
import { reconcileCartPointsWorkflow } from "./workflows/reconcile-cart-points"
import { removeCartPointsWorkflow } from "./workflows/remove-cart-points"
import { notices } from "./points-notice"

export type ReconcileOutcome = "none" | "kept" | "capped" | "reapplied" | "retargeted" | "released" | "removed"

/**
 * After a cart changed: the points held for it follow (see decideCartPointsStep). When putting
 * them back fails (Medusa will not apply the discount to this cart any more), they are taken
 * off and given back rather than left held for a discount the cart does not get.
 */
export async function reconcileCartPoints(container: MedusaContainer, cartId: string): Promise<ReconcileOutcome> {
  let decision: CartPointsDecision
  try {
    ;({ result: decision } = await reconcileCartPointsWorkflow(container).run({ input: { cart_id: cartId } }))
  } catch (error) {
    const released = await removeCartPointsWorkflow(container)
      .run({ input: { cart_id: cartId, customer_id: null, notice: notices.removedLimit() } })
      .then(() => true)
      .catch(() => false)
    if (!released) {
      throw error
    }
    return "removed"
  }
  if (decision.action === "apply" || decision.action === "remove") {
    return decision.outcome
  }
  return decision.action === "none" ? "none" : "kept"
}
