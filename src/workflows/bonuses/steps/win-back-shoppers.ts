import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { bonusGrant } from "../../../lib/rules"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"
import { type BatchTotals, runBatches } from "../../jobs/steps/run-batches"

const DAY = 24 * 60 * 60 * 1000

export type WinBackShoppersInput = {
  /** Accounts per batch (one transaction each). */
  batch_size?: number
  /** The moment of the run (ISO date); now when left out. */
  now?: string
}

export type WinBackShoppersResult = BatchTotals & { enabled: boolean }

/**
 * With winback_days set, every shopper with spendable points and no order for that many days,
 * not yet written to in this quiet period, gets winback_bonus (if set, with its own expiry) and
 * one `loyalty.winback`. No compensation: each batch commits on its own, and a rerun finds the
 * shoppers marked and the bonus keyed by account and quiet period.
 */
export const winBackShoppersStep = createStep(
  "loyalty-win-back-shoppers",
  async (input: WinBackShoppersInput, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const now = input.now ? new Date(input.now) : new Date()
    const program = await loyalty.getProgramSettings()
    if (!program.enabled || !(program.winback_days > 0)) {
      return new StepResponse<WinBackShoppersResult>({ enabled: false, batches: 0, lots: 0, points: 0, accounts: 0, skipped: 0 })
    }
    const bonus = bonusGrant(program.winback_bonus, now, program.expiry_days)
    const limit = input.batch_size ?? 500
    const totals = await runBatches((sweep) =>
      loyalty.winbackBatch({
        now,
        quiet_before: new Date(now.getTime() - program.winback_days * DAY),
        winback_days: program.winback_days,
        bonus,
        max_balance: program.max_balance,
        ...sweep,
        limit,
      })
    )
    return new StepResponse<WinBackShoppersResult>({ enabled: true, ...totals })
  }
)
