import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

export type AdjustPointsStepInput = {
  customer_id: string
  points: number
  reason: string
  expires_at?: Date | null
  created_by?: string | null
  idempotency_key: string
}

/**
 * A signed manual adjustment. Compensation writes the opposite entry (the
 * ledger is append-only), keyed so that it too happens once.
 */
export const adjustPointsStep = createStep(
  "loyalty-adjust-points",
  async (input: AdjustPointsStepInput, { container }) => {
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    // A retried request finds its row already there; only a new row is ours to undo.
    const [existing] = await loyalty.listLoyaltyTransactions({ idempotency_key: input.idempotency_key })
    const transaction = await loyalty.adjust(input)
    return new StepResponse(transaction, existing ? null : input)
  },
  async (input, { container }) => {
    if (!input) {
      return
    }
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const key = `compensate:${input.idempotency_key}`
    const original = await loyalty.listLoyaltyTransactions({ idempotency_key: input.idempotency_key })
    if (!original.length) {
      return
    }
    if (input.points > 0) {
      await loyalty.reverse({
        transaction_id: original[0].id,
        points: input.points,
        reason: "Adjustment rolled back",
        idempotency_key: key,
      })
    } else {
      await loyalty.credit({
        customer_id: input.customer_id,
        type: "restore",
        status: "available",
        points: -input.points,
        reason: "Adjustment rolled back",
        idempotency_key: key,
      })
    }
  }
)
