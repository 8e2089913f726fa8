import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { proportionalShare } from "../../../lib"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { OrderEarning } from "./compute-order-earning"
import { earnKey } from "./credit-order-earning"

export type SettleOrderPointsInput = {
  earning: OrderEarning | null
  /** What caused it, e.g. `cancel:order_1` or `return:ret_1`: one settlement per cause. */
  cause: string
}

export type SettledOrderPoints = {
  account_id: string | null
  order_id: string
  customer_id: string | null
  reversed: number
  restored: number
}

/**
 * Brings an order's points in line with what is left of it: the earn lot keeps
 * what the remaining items earn (the rest is reversed), and points spent on
 * returned or canceled items come back. Both only ever move one way, under the
 * account lock, so late, repeated or concurrent events cannot take or give
 * back too much.
 */
export const settleOrderPointsStep = createStep(
  "loyalty-settle-order-points",
  async ({ earning, cause }: SettleOrderPointsInput, { container }) => {
    if (!earning) {
      return new StepResponse(null)
    }
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const result: SettledOrderPoints = {
      account_id: null,
      order_id: earning.order_id,
      customer_id: earning.customer_id,
      reversed: 0,
      restored: 0,
    }

    const [lot] = await loyalty.listLoyaltyTransactions({ idempotency_key: earnKey(earning.order_id) })
    if (lot) {
      const reversal = await loyalty.reverse({
        transaction_id: lot.id,
        keep_points: earning.points,
        order_id: earning.order_id,
        reason: reasonOf(cause),
        idempotency_key: `reverse:${cause}`,
      })
      result.reversed = reversal && !reversal.replayed ? -reversal.points : 0
      result.account_id = lot.account_id
    }

    const redeemed = await loyalty.pointsRedeemedOnOrder(earning.order_id)
    if (redeemed > 0) {
      const restoredPoints = earning.canceled
        ? redeemed
        : proportionalShare(redeemed, ...earning.returned_share)
      const restore = await loyalty.restoreSpent({
        order_id: earning.order_id,
        keep_spent_points: redeemed - restoredPoints,
        reason: reasonOf(cause),
        idempotency_key: `restore:${cause}`,
      })
      result.restored = restore && !restore.replayed ? restore.points : 0
      result.account_id = restore?.account_id ?? result.account_id
    }
    return new StepResponse(result, { ...result, cause, lot_id: lot?.id ?? null })
  },
  // Undo with counter-entries (the ledger is append-only), each keyed to happen once.
  async (settled, { container }) => {
    if (!settled?.customer_id) {
      return
    }
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    if (settled.reversed > 0) {
      await loyalty.credit({
        customer_id: settled.customer_id,
        type: "earn",
        status: "available",
        points: settled.reversed,
        order_id: settled.order_id,
        reason: "Reversal rolled back",
        idempotency_key: `compensate:reverse:${settled.cause}`,
      })
    }
    if (settled.restored > 0) {
      const [restore] = await loyalty.listLoyaltyTransactions({ idempotency_key: `restore:${settled.cause}` })
      if (restore) {
        await loyalty.reverse({
          transaction_id: restore.id,
          points: settled.restored,
          reason: "Restore rolled back",
          idempotency_key: `compensate:restore:${settled.cause}`,
        })
      }
    }
  }
)

function reasonOf(cause: string) {
  const [kind, id] = cause.split(":")
  const what = { cancel: "Order canceled", return: "Items returned", refund: "Payment refunded" }[kind] ?? kind
  return `${what} (${id})`
}
