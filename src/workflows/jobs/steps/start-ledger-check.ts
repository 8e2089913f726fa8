import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { LedgerCheckTrigger } from "../../../modules/loyalty/ledger/health"
import type { ILoyaltyModuleService } from "../../../types/loyalty"

export type StartLedgerCheckInput = { trigger: LedgerCheckTrigger }

/**
 * Starts a ledger check, or finds the one already running (`started: false`): then this run
 * checks nothing, so overlapping runs announce each drifted account once. Compensation: a
 * check this run started and left running is marked failed.
 */
export const startLedgerCheckStep = createStep(
  "loyalty-start-ledger-check",
  async ({ trigger }: StartLedgerCheckInput, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const { check, started } = await loyalty.startLedgerCheck(trigger)
    return new StepResponse({ check, started }, started ? check.id : null)
  },
  async (checkId, { container }) => {
    if (checkId) {
      await container.resolve<ILoyaltyModuleService>(LOYALTY_MODULE).finishLedgerCheck(checkId, "The check's run failed")
    }
  }
)
