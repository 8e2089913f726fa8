import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"
import { runBatches } from "./run-batches"

export type ReleaseDuePendingInput = {
  /** Accounts per batch (one transaction each). */
  batch_size?: number
  /** The moment to release up to (ISO date); now when left out. */
  now?: string
}

/**
 * Releases every due pending lot, batch by batch. No compensation: each batch
 * commits on its own and releasing is what is due anyway; a failed run is
 * resumed by the next one.
 */
export const releaseDuePendingStep = createStep(
  "loyalty-release-due-pending",
  async (input: ReleaseDuePendingInput, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const now = input.now ? new Date(input.now) : new Date()
    const limit = input.batch_size ?? 500
    return new StepResponse(await runBatches((sweep) => loyalty.releaseDueBatch({ now, limit, ...sweep })))
  }
)
