import { acquireLockStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { decideCartPointsStep } from "../steps/decide-cart-points"
import { applyCartPointsWorkflow, CART_LOCK, cartLockOwner } from "./apply-cart-points"
import { removeCartPointsWorkflow } from "./remove-cart-points"

/**
 * After a cart changed (items, region, owner): its points follow, decided and done under the
 * cart's lock, so a points change the shopper makes meanwhile is never undone by a decision
 * taken on the cart as it was. Applying and removing run inside (their own lock is skipped).
 */
export const reconcileCartPointsWorkflow = createWorkflow(
  "loyalty-reconcile-cart-points",
  (input: { cart_id: string }) => {
    const owner = cartLockOwner()
    acquireLockStep({ key: input.cart_id, ownerId: owner, ...CART_LOCK })
    const decision = decideCartPointsStep(input)
    when({ decision }, ({ decision }) => decision.action === "apply").then(() => {
      const applyInput = transform({ decision }, ({ decision }) => {
        const d = decision as Extract<typeof decision, { action: "apply" }>
        return { cart_id: d.cart_id, customer_id: d.customer_id, points: d.points, notice: d.notice }
      })
      applyCartPointsWorkflow.runAsStep({ input: applyInput })
    })
    when({ decision }, ({ decision }) => decision.action === "remove").then(() => {
      const removeInput = transform({ decision }, ({ decision }) => {
        const d = decision as Extract<typeof decision, { action: "remove" }>
        return { cart_id: d.cart_id, customer_id: null, notice: d.notice }
      })
      removeCartPointsWorkflow.runAsStep({ input: removeInput })
    })
    releaseLockStep({ key: input.cart_id, ownerId: owner })
    return new WorkflowResponse(decision)
  }
)
