import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { orderLotTiming, proportionalShare } from "../../../lib"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { LOYALTY_POINTS_EARNED, LOYALTY_POINTS_RESTORED, LOYALTY_POINTS_REVERSED } from "../order-events"
import type { OrderEarning } from "./compute-order-earning"
import { earnKey } from "./credit-order-earning"

export type SettleOrderPointsInput = {
  earning: OrderEarning | null
  /** What caused it, e.g. `cancel:order_1`, `return:ret_1` or `edit:ordch_1`: one settlement per cause. */
  cause: string
}

export type SettledOrderPoints = {
  account_id: string | null
  order_id: string
  customer_id: string | null
  reversed: number
  restored: number
  /** A lot the change's added items earned, when it raised what the order earns. */
  earned: { id: string; points: number; status: string; available_at: Date | null } | null
}

/**
 * Brings an order's points in line with what it is now: its earn lots hold
 * what its items earn (the excess is reversed; a rise from items an edit,
 * claim or exchange added is credited as a further lot), and points spent on
 * what is no longer in the order come back. Each is decided under the
 * account lock against what the ledger already holds for the order, so late,
 * repeated or concurrent events cannot take, give or give back too much.
 * Each row's event is written with it. No compensation: the rows are keyed by
 * the state they bring the order to, so the event's next delivery finishes
 * a settlement that failed halfway.
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
      earned: null,
    }

    if (earning.customer_id) {
      const program = await loyalty.getProgramSettings()
      const { status, available_at, expires_at } = orderLotTiming(program, new Date())
      const settled = await loyalty.settleOrderEarning({
        order_id: earning.order_id,
        target_points: earning.points,
        reason: reasonOf(cause),
        earn_key: earnKey(earning.order_id),
        reversed_event: LOYALTY_POINTS_REVERSED,
        credit: {
          event: LOYALTY_POINTS_EARNED,
          status,
          available_at,
          expires_at,
          max_balance: program.max_balance,
          details: { cause, target_points: earning.points, eligible_amount: earning.details.eligible_amount },
        },
      })
      if (settled) {
        result.account_id = settled.account_id
        result.reversed = settled.reversed
        result.earned = settled.credited && {
          id: settled.credited.id,
          points: settled.credited.points,
          status: settled.credited.status,
          available_at: settled.credited.available_at,
        }
      }
    }

    const redeemed = await loyalty.pointsRedeemedOnOrder(earning.order_id)
    if (redeemed > 0) {
      const restoredPoints = earning.canceled
        ? redeemed
        : proportionalShare(redeemed, ...earning.returned_share)
      const keep = redeemed - restoredPoints
      // Keyed by what the order keeps spent, which only falls: a second receipt of one return or
      // a late refund gives back the difference, a repeat of the same state nothing.
      const restore = await loyalty.restoreSpent({
        order_id: earning.order_id,
        keep_spent_points: keep,
        reason: reasonOf(cause),
        idempotency_key: `restore:${earning.order_id}:${keep}`,
        event: LOYALTY_POINTS_RESTORED,
      })
      result.restored = restore && !restore.replayed ? restore.points : 0
      result.account_id = restore?.account_id ?? result.account_id
    }
    return new StepResponse(result)
  }
)

function reasonOf(cause: string) {
  const [kind, id] = cause.split(":")
  const what =
    {
      cancel: "Order canceled",
      return: "Items returned",
      refund: "Payment refunded",
      edit: "Order edited",
      claim: "Claim",
      exchange: "Exchange",
    }[kind] ?? kind
  return `${what} (${id})`
}
