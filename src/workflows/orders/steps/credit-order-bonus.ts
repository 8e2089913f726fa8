import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { orderLotTiming } from "../../../lib"
import { bonusGrant, orderBonusKey } from "../../../lib/rules"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { OrderEarning } from "./compute-order-earning"

/**
 * The program's fixed bonus for an order placed by a registered shopper, once
 * per order; pending for the return window like the order's points, and
 * taken back if the order is canceled or wholly returned.
 */
export const creditOrderBonusStep = createStep(
  "loyalty-credit-order-bonus",
  async (earning: OrderEarning | null, { container }) => {
    if (!earning?.customer_id || earning.canceled) {
      return new StepResponse(null)
    }
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const program = await loyalty.getProgramSettings()
    const now = new Date()
    const grant = program.enabled ? bonusGrant(program.order_bonus, now, program.expiry_days) : null
    if (!grant) {
      return new StepResponse(null)
    }
    const lot = await loyalty.creditBonus({
      customer_id: earning.customer_id,
      bonus: "order_bonus",
      ...orderLotTiming(program, now, program.order_bonus?.expiry_days ?? program.expiry_days),
      points: grant.points,
      max_balance: program.max_balance,
      order_id: earning.order_id,
      reason: `Order bonus (${earning.order_id})`,
      idempotency_key: orderBonusKey(earning.order_id),
    })
    // No compensation (see creditOrderEarningStep): a redelivery replays the bonus and goes on.
    return new StepResponse(lot)
  }
)

/** Takes the order bonus back when nothing of the order is left (canceled, or every item returned). */
export const reverseOrderBonusStep = createStep(
  "loyalty-reverse-order-bonus",
  async ({ earning, cause }: { earning: OrderEarning | null; cause: string }, { container }) => {
    if (!earning || (!earning.canceled && Number(earning.item_total) > 0)) {
      return new StepResponse(null)
    }
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const [lot] = await loyalty.listLoyaltyTransactions({ idempotency_key: orderBonusKey(earning.order_id) })
    if (!lot) {
      return new StepResponse(null)
    }
    const reversal = await loyalty.reverse({
      transaction_id: lot.id,
      keep_points: 0,
      order_id: earning.order_id,
      reason: `Order bonus taken back (${cause})`,
      idempotency_key: `reverse:order-bonus:${earning.order_id}`,
    })
    return new StepResponse(reversal)
  }
)
