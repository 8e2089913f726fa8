import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { orderLotTiming } from "../../../lib"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { LOYALTY_POINTS_EARNED } from "../order-events"
import type { OrderEarning } from "./compute-order-earning"

export const earnKey = (orderId: string) => `earn:${orderId}`

/**
 * Credits what an order earned as a pending lot, once per order. The lot
 * becomes available after pending_days and expires expiry_days after that.
 * Its loyalty.points_earned is written to the outbox with it.
 *
 * No compensation, here or in any step that writes the ledger for an order:
 * each row is keyed by the state it brings the order to, so when a later step
 * fails, the redelivered event replays what was written and finishes the rest.
 * A counter-entry under a new key would leave the original key taken, and the
 * redelivery would then do nothing.
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
      event: LOYALTY_POINTS_EARNED,
    })
    return new StepResponse(lot)
  }
)
