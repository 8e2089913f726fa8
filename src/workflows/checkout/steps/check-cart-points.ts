import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { redemptionRefusal } from "../../../lib"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { loadCartPoints, type CartPoints } from "../cart-points"

export type CheckCartPointsInput = {
  cart_id: string
  /** The logged-in shopper; null when the store itself acts (the stale-hold job). */
  customer_id: string | null
  /** The points to apply; left out when they are being removed. */
  points?: number
  /** Act only while this is still the cart's hold (the store undoing what it saw, not what the shopper did since). */
  only_hold?: { id: string; points: number }
}

export const HOLD_CHANGED = "The points held for this cart changed meanwhile"

/**
 * Reads the cart and refuses what cannot be done to it: another customer's or
 * a completed cart, a program that is off, a currency without a point value,
 * or points beyond a limit (the message names the limit and the maximum).
 */
export const checkCartPointsStep = createStep(
  "loyalty-check-cart-points",
  async (input: CheckCartPointsInput, { container }) => {
    if (input.only_hold) {
      const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
      const [hold] = await loyalty.listLoyaltyReservations({ cart_id: input.cart_id, status: "active" })
      if (hold?.id !== input.only_hold.id || hold.points !== input.only_hold.points) {
        throw new MedusaError(MedusaError.Types.CONFLICT, HOLD_CHANGED)
      }
    }
    const state = await loadCartPoints(container, input)
    if (state.completed) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Cart ${state.cart_id} is already completed`)
    }
    if (input.points !== undefined) {
      refuseUnlessRedeemable(state, input.points)
    }
    return new StepResponse(state)
  }
)

function refuseUnlessRedeemable(state: CartPoints, points: number) {
  if (!state.program.enabled) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The loyalty program is turned off: points cannot be used")
  }
  if (!state.point_value) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Points cannot pay in ${state.currency_code.toUpperCase()}: the program has no point value for it`
    )
  }
  const refusal = redemptionRefusal(points, state.bounds)
  if (refusal) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, refusal)
  }
}
