import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { orderLotTiming } from "../../../lib"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { OrderEarning } from "./compute-order-earning"

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
    const key = earnKey(earning.order_id)
    // The earning counted max_balance already; the ledger checks it again under the account lock.
    const lot = await loyalty.creditUpTo({
      max_balance: program.max_balance,
      customer_id: earning.customer_id,
      type: "earn",
      ...orderLotTiming(program, new Date()),
      points: earning.points,
      order_id: earning.order_id,
      reason: `Order ${earning.order_id}`,
      details: earning.details,
      idempotency_key: key,
    })
    if (!lot) {
      return new StepResponse(null)
    }
    // A repeated event finds the lot already there; only a new lot is ours to undo.
    return new StepResponse(lot, lot.replayed ? null : lot.id)
  },
  reverseCreatedLot
)

/** Compensation of a step that credited a lot: takes the whole lot back, once. */
export async function reverseCreatedLot(lotId: string | null | undefined, { container }: { container: any }) {
  if (!lotId) {
    return
  }
  const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  await loyalty.reverse({
    transaction_id: lotId,
    keep_points: 0,
    reason: "Credit rolled back",
    idempotency_key: `compensate:${lotId}`,
  })
}
