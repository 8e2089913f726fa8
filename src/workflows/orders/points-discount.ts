import { POINTS_PROMOTION_PREFIX } from "../checkout/cart-points"
import type LoyaltyModuleService from "../../modules/loyalty/service"

/**
 * Which promotion paid an order with points: the one its committed
 * reservation holds. The code is not a safe key (its form is the checkout's
 * business); for orders whose reservation recorded no promotion, adjustments
 * are recognised by the code prefix.
 */
export async function pointsPromotionOfOrder(loyalty: LoyaltyModuleService, orderId: string) {
  const [reservation] = await loyalty.listLoyaltyReservations(
    { order_id: orderId, status: "committed" },
    { order: { created_at: "DESC" }, take: 1 }
  )
  return { promotion_id: reservation?.promotion_id ?? null, paid_with_points: Boolean(reservation) }
}

/** Whether an order line adjustment is the points discount. */
export function isPointsAdjustment(
  adjustment: { promotion_id?: string | null; code?: string | null },
  promotionId: string | null
) {
  if (promotionId && adjustment.promotion_id) {
    return adjustment.promotion_id === promotionId
  }
  return String(adjustment.code ?? "").startsWith(POINTS_PROMOTION_PREFIX)
}
