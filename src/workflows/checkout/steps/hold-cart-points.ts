import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

const HOUR = 60 * 60 * 1000

export type HoldCartPointsInput = {
  customer_id: string
  cart_id: string
  points: number
  promotion_id: string
  ttl_hours: number
}

/** Holds the points for the cart (replacing an earlier hold); undone by putting the old hold back. */
export const holdCartPointsStep = createStep(
  "loyalty-hold-cart-points",
  async (input: HoldCartPointsInput, { container }) => {
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const [before] = await loyalty.listLoyaltyReservations({ cart_id: input.cart_id, status: "active" })
    const reservation = await loyalty.reserve({
      customer_id: input.customer_id,
      cart_id: input.cart_id,
      points: input.points,
      promotion_id: input.promotion_id,
      expires_at: new Date(Date.now() + input.ttl_hours * HOUR),
    })
    return new StepResponse(reservation, {
      customer_id: input.customer_id,
      cart_id: input.cart_id,
      before: before ? { points: before.points, expires_at: before.expires_at } : null,
    })
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    if (undo.before) {
      await loyalty.reserve({ customer_id: undo.customer_id, cart_id: undo.cart_id, ...undo.before })
    } else {
      await loyalty.releaseReservation(undo.cart_id)
    }
  }
)

/** Gives the cart's held points back; undone by holding them again. */
export const releaseCartPointsStep = createStep(
  "loyalty-release-cart-points",
  async ({ cart_id }: { cart_id: string }, { container }) => {
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const released = await loyalty.releaseReservation(cart_id)
    return new StepResponse(released, released)
  },
  async (released, { container }) => {
    if (!released) {
      return
    }
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const [account] = await loyalty.listLoyaltyAccounts({ id: released.account_id })
    await loyalty.reserve({
      customer_id: account.customer_id,
      cart_id: released.cart_id,
      points: released.points,
      promotion_id: released.promotion_id,
      expires_at: released.expires_at,
    })
  }
)
