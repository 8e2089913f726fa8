import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"
import { runBatches } from "./run-batches"

export type RecomputeTiersInput = {
  /** Accounts per batch (one transaction each). */
  batch_size?: number
  /** The moment whose window counts (ISO date); now when left out. */
  now?: string
}

/**
 * Puts every account in the tier its order points in the rolling window
 * reach: points age out of the window day by day, and tiers may have been
 * edited. No compensation: each batch commits on its own and only moves
 * accounts to where the ledger says they belong, so a rerun changes nothing.
 */
export const recomputeAllTiersStep = createStep(
  "loyalty-recompute-all-tiers",
  async (input: RecomputeTiersInput, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const now = input.now ? new Date(input.now) : new Date()
    const limit = input.batch_size ?? 1000
    return new StepResponse(await runBatches((sweep) => loyalty.recomputeTiersBatch({ now, limit, ...sweep })))
  }
)
