import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { loadCartPoints } from "../cart-points"

export const DISCOUNT_NOT_APPLIED = "The points discount does not apply to this cart; check its items and currency"

/**
 * Medusa skips a promotion whose rules the cart does not meet instead of
 * failing; then nothing must stay held, so this fails the workflow.
 */
export const confirmPointsAppliedStep = createStep(
  "loyalty-confirm-points-applied",
  async (input: { cart_id: string; customer_id: string }, { container }) => {
    const state = await loadCartPoints(container, input)
    if (!state.applied) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, DISCOUNT_NOT_APPLIED)
    }
    return new StepResponse(state)
  }
)
