import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"

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
 * A signed manual adjustment, once per key. No compensation: nothing after it can fail, and an
 * opposite entry under another key would leave the admin's retry with this key crediting nothing.
 */
export const adjustPointsStep = createStep(
  "loyalty-adjust-points",
  async (input: AdjustPointsStepInput, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const { expires_in_days, ...adjustment } = input
    const days = expires_in_days ?? (await loyalty.getProgramSettings()).expiry_days
    const transaction = await loyalty.adjust({
      ...adjustment,
      expires_at: days > 0 ? new Date(Date.now() + days * DAY) : null,
    })
    return new StepResponse(transaction)
  }
)
