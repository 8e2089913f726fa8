import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

export type ReleaseDuePendingInput = {
  limit: number
  /** The moment to release up to (ISO date); now when left out. */
  now?: string
}

export type ReleasedPoints = { account_id: string; points: number; transaction_ids: string[] }

/**
 * Releases one batch of due pending lots. No compensation: each lot is
 * released in its own committed transaction and releasing is what is due
 * anyway; a failed run is simply resumed by the next one.
 */
export const releaseDuePendingStep = createStep(
  "loyalty-release-due-pending",
  async (input: ReleaseDuePendingInput, { container }) => {
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const now = input.now ? new Date(input.now) : new Date()
    const lots = await loyalty.releaseDuePending({ limit: input.limit, now })
    const byAccount = new Map<string, ReleasedPoints>()
    for (const lot of lots) {
      const entry = byAccount.get(lot.account_id) ?? { account_id: lot.account_id, points: 0, transaction_ids: [] }
      entry.points += lot.released ?? 0
      entry.transaction_ids.push(lot.id)
      byAccount.set(lot.account_id, entry)
    }
    return new StepResponse([...byAccount.values()])
  }
)
