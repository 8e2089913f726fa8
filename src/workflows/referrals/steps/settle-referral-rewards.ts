import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { keptReferralPoints, type ReferralRewardTerms } from "../../../lib/referral-rewards"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"
import { LOYALTY_POINTS_REVERSED } from "../../orders/order-events"
import type { OrderEarning } from "../../orders/steps/compute-order-earning"

/**
 * Takes back referral rewards with the order they came from: all of them
 * when it is canceled or no longer reaches the minimum they were paid
 * under, the referrer's percent of what was returned otherwise. Each
 * reversal is keyed by what its lot keeps, which only falls: a return
 * received in two parts takes back the second part's share, a repeated or
 * concurrent event nothing more (the ledger decides under the account lock).
 * Each reversal sends its own loyalty.points_reversed to that party.
 */
export const settleReferralRewardsStep = createStep(
  "loyalty-settle-referral-rewards",
  async ({ earning, cause }: { earning: OrderEarning | null; cause: string }, { container }) => {
    if (!earning) {
      return new StepResponse(null)
    }
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const rows = await loyalty.listReferralRewardsOfOrder(earning.order_id)
    let reversed = 0
    for (const row of rows) {
      const terms = (row.details as { terms?: ReferralRewardTerms } | null)?.terms
      if (!terms || row.status === "void") {
        continue
      }
      const keep = keptReferralPoints(row.points, terms, { canceled: earning.canceled, basis: earning.referral_basis })
      const reversal = await loyalty.reverse({
        transaction_id: row.id,
        keep_points: keep,
        order_id: earning.order_id,
        reason: `Referral reward taken back (${cause})`,
        idempotency_key: `reverse:${row.id}:keep:${keep}`,
        event: LOYALTY_POINTS_REVERSED,
      })
      reversed += reversal && !reversal.replayed ? -reversal.points : 0
    }
    return new StepResponse({ reversed })
  }
)
