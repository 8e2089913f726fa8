import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { LOYALTY_MODULE } from "../../modules/loyalty"
import type LoyaltyModuleService from "../../modules/loyalty/service"
import { placeOrderPoints } from "../orders/order-points"
import { notices } from "./points-notice"
import { removeCartPointsWorkflow } from "./workflows/remove-cart-points"

export type StaleHoldsResult = {
  released: number
  committed: number
  failed: number
  /** The holds that could not be settled, so the next batch of the same run passes them by. */
  failed_ids: string[]
}

/**
 * Settles holds past their expires_at, oldest first, at most `limit`: a cart
 * still open loses its points discount and gets the points back (completing
 * it later costs the full price); a cart that did become an order is settled as
 * order.placed settles it (its event was missed): it pays and earns once, or
 * neither when the order was canceled. Each hold is settled by the same
 * idempotent workflows the routes and order.placed use, so two runs at once
 * are harmless.
 */
export async function releaseStaleHolds(
  container: MedusaContainer,
  { now = new Date(), limit = 100, skip = [] }: { now?: Date; limit?: number; skip?: string[] } = {}
): Promise<StaleHoldsResult> {
  const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const stale = await loyalty.listLoyaltyReservations(
    { status: "active", expires_at: { $lte: now }, ...(skip.length ? { id: { $nin: skip } } : {}) },
    { order: { expires_at: "ASC" }, take: limit }
  )
  const program = await loyalty.getProgramSettings()
  const result: StaleHoldsResult = { released: 0, committed: 0, failed: 0, failed_ids: [] }
  for (const hold of stale) {
    try {
      const {
        data: [cart],
      } = await query.graph({ entity: "cart", fields: ["id", "completed_at", "order.id"], filters: { id: hold.cart_id } })
      const orderId: string | undefined = (cart as any)?.order?.id
      if (cart?.completed_at && orderId) {
        await placeOrderPoints(container, orderId)
        result.committed++
      } else if (cart?.completed_at) {
        // Completing right now (its order link is written beside completed_at) or undoing a
        // completion: never release a hold an order may be using. The next run looks again.
        throw new Error("the cart is completed but has no order yet")
      } else if (cart) {
        const notice = notices.removedExpired(program.reservation_ttl_hours)
        await removeCartPointsWorkflow(container).run({ input: { cart_id: hold.cart_id, customer_id: null, notice } })
        result.released++
      } else {
        // The cart is gone: nothing will ever pay this hold.
        await loyalty.releaseReservation(hold.cart_id)
        result.released++
      }
    } catch (error) {
      result.failed++
      result.failed_ids.push(hold.id)
      logger.warn(
        `medusa-loyalty: could not settle the ${hold.points} points held for cart ${hold.cart_id} (hold ${hold.id}), passed over until the next run: ${(error as Error).message}`
      )
    }
  }
  return result
}
