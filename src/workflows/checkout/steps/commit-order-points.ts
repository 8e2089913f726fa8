import type { IPromotionModuleService } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { pointsForAppliedDiscount } from "../../../lib"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { LOYALTY_POINTS_REDEEMED } from "../../orders/order-events"
import { pointsDiscountOf } from "../cart-points"

export type CommittedOrderPoints = {
  account_id: string
  order_id: string
  points: number
  transaction_id: string
}

/**
 * Spends the points held for the order's cart, exactly once: as many as the
 * discount the order actually got is worth (the rest of the hold goes back).
 * A hold released while the cart completed anyway still pays for its discount.
 * The redeem row and its loyalty.points_redeemed are written together. No
 * compensation: giving the points back would leave the order's discount
 * unpaid for good (the redelivery finds the hold committed), so a failure
 * after it is finished by the next delivery instead.
 */
export const commitOrderPointsStep = createStep(
  "loyalty-commit-order-points",
  async ({ order_id }: { order_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const {
      data: [order],
    } = await query.graph({
      entity: "order",
      fields: ["id", "status", "cart.id", "items.adjustments.promotion_id", "items.adjustments.amount"],
      filters: { id: order_id },
    })
    const cartId: string | undefined = (order as any)?.cart?.id
    if (!cartId) {
      return new StepResponse(null)
    }
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const [reservation] = await loyalty.listLoyaltyReservations(
      { cart_id: cartId },
      { order: { created_at: "DESC" }, take: 1 }
    )
    if (!reservation) {
      return new StepResponse(null)
    }
    // An order canceled before its order.placed was handled spends nothing: its hold goes back.
    if (order!.status === "canceled") {
      await loyalty.releaseReservation(cartId)
      return new StepResponse(null)
    }
    const promotions: IPromotionModuleService = container.resolve(Modules.PROMOTION)
    const [promotion] = reservation.promotion_id
      ? await promotions.listPromotions({ id: reservation.promotion_id }, { relations: ["application_method"] })
      : []
    const applied = pointsDiscountOf((order!.items ?? []) as any[], reservation.promotion_id ?? null)
    const points = pointsForAppliedDiscount(reservation.points, applied, promotion?.application_method?.value ?? 0)
    const result = await loyalty.commitReservation({ cart_id: cartId, order_id, points, event: LOYALTY_POINTS_REDEEMED })
    const transaction = result?.transaction
    if (!transaction || transaction.replayed) {
      return new StepResponse(null)
    }
    const committed: CommittedOrderPoints = {
      account_id: transaction.account_id,
      order_id,
      points: -transaction.points,
      transaction_id: transaction.id,
    }
    return new StepResponse(committed)
  }
)
