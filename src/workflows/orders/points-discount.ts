import type LoyaltyModuleService from "../../modules/loyalty/service"

/**
 * Which promotion paid an order with points: the one its committed
 * reservation holds (every hold names its promotion; the code is not a key).
 */
export async function pointsPromotionOfOrder(loyalty: LoyaltyModuleService, orderId: string) {
  const [reservation] = await loyalty.listLoyaltyReservations(
    { order_id: orderId, status: "committed" },
    { order: { created_at: "DESC" }, take: 1 }
  )
  return { promotion_id: reservation?.promotion_id ?? null, paid_with_points: Boolean(reservation) }
}
