import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { OrderEarning } from "./compute-order-earning"

const DAY = 24 * 60 * 60 * 1000

export const earnKey = (orderId: string) => `earn:${orderId}`

/**
 * Credits what an order earned as a pending lot, once per order. The lot
 * becomes available after pending_days and expires expiry_days after that.
 */
export const creditOrderEarningStep = createStep(
  "loyalty-credit-order-earning",
  async (earning: OrderEarning | null, { container }) => {
    if (!earning?.customer_id || earning.points <= 0 || earning.canceled) {
      return new StepResponse(null)
    }
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const program = await loyalty.getProgramSettings()
    const availableAt = new Date(Date.now() + program.pending_days * DAY)
    const key = earnKey(earning.order_id)
    const lot = await loyalty.credit({
      customer_id: earning.customer_id,
      type: "earn",
      status: program.pending_days > 0 ? "pending" : "available",
      points: earning.points,
      available_at: availableAt,
      expires_at: program.expiry_days > 0 ? new Date(availableAt.getTime() + program.expiry_days * DAY) : null,
      order_id: earning.order_id,
      reason: `Order ${earning.order_id}`,
      details: earning.details,
      idempotency_key: key,
    })
    // A repeated event finds the lot already there; only a new lot is ours to undo.
    return new StepResponse(lot, lot.replayed ? null : lot.id)
  },
  async (lotId, { container }) => {
    if (!lotId) {
      return
    }
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    await loyalty.reverse({
      transaction_id: lotId,
      keep_points: 0,
      reason: "Earning rolled back",
      idempotency_key: `compensate:${lotId}`,
    })
  }
)
