import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { LedgerCheckTrigger } from "../../../modules/loyalty/ledger/health"
import { checkLedgerStep } from "../steps/check-ledger"
import { deliverLoyaltyEventsStep } from "../steps/deliver-loyalty-events"
import { startLedgerCheckStep } from "../steps/start-ledger-check"

export type VerifyLedgerInput = { trigger: LedgerCheckTrigger; batch_size?: number }

/**
 * Every account's balance, pending, reserved and lifetime figures, and its holds' lots,
 * against the ledger: the result is kept as the last check, and `loyalty.ledger_drift` goes
 * out for each account that differs. `started` is false when a check was already running:
 * `check` is that one, as it stands.
 */
export const verifyLedgerWorkflow = createWorkflow("loyalty-verify-ledger", (input: VerifyLedgerInput) => {
  const { check, started } = startLedgerCheckStep({ trigger: input.trigger })
  const finished = checkLedgerStep({ check, started, batch_size: input.batch_size })
  deliverLoyaltyEventsStep()
  return new WorkflowResponse({ check: finished, started })
})
