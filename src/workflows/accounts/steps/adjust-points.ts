import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

const DAY = 24 * 60 * 60 * 1000

export type AdjustPointsStepInput = {
  customer_id: string
  points: number
  reason: string
  /** For a credit: when its points expire; the program's expiry_days when left out. */
  expires_in_days?: number | null
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
    const { expires_in_days, ...adjustment } = input
    const days = expires_in_days ?? (await loyalty.getProgramSettings()).expiry_days
    const transaction = await loyalty.adjust({
      ...adjustment,
      expires_at: days > 0 ? new Date(Date.now() + days * DAY) : null,
    })
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
