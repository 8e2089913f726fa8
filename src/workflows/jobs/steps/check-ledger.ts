import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { LedgerCheck } from "../../../modules/loyalty/ledger/health"
import type { ILoyaltyModuleService } from "../../../types/loyalty"
import { driftLine } from "../lib/ledger-drift"

export type CheckLedgerInput = {
  check: LedgerCheck
  started: boolean
  /** Accounts per batch (one short read-only transaction each). */
  batch_size?: number
}

/**
 * Checks every account, batch by batch in id order, against its ledger and logs one warning
 * line per account that differs; the batches record the result on the check and write
 * `loyalty.ledger_drift` to the outbox. Then the check is completed (or, if a batch fails,
 * failed with its error). A check another run started is returned as it is. No compensation:
 * the check only reads the ledger, and what it recorded and announced is what it found.
 */
export const checkLedgerStep = createStep(
  "loyalty-check-ledger",
  async ({ check, started, batch_size }: CheckLedgerInput, { container }) => {
    if (!started) {
      return new StepResponse(check)
    }
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const limit = batch_size ?? 1000
    let after: string | null = null
    try {
      do {
        const batch = await loyalty.checkLedgerBatch({ check_id: check.id, after, limit })
        if (batch.stopped) {
          break
        }
        for (const account of batch.drifted) {
          logger.warn(driftLine(account))
        }
        after = batch.next_after
      } while (after !== null)
    } catch (error) {
      await loyalty.finishLedgerCheck(check.id, (error as Error).message)
      throw error
    }
    // Null when a later start took this check for dead and ended it: it is returned as that left it.
    const finished = await loyalty.finishLedgerCheck(check.id)
    return new StepResponse((finished ?? (await loyalty.retrieveLoyaltyLedgerCheck(check.id))) as LedgerCheck)
  }
)
