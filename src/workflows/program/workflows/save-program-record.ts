import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { checkRuleTargetStep } from "../steps/check-rule-target"
import { saveProgramRecordStep, type SaveProgramRecordInput } from "../steps/save-program-record"

/** Tiers changed: shoppers are moved to their new tiers in the background (src/subscribers/tiers-changed.ts). */
export const LOYALTY_TIERS_CHANGED = "loyalty.tiers_changed"

/** Creates or changes a tier, campaign or earning rule of the program. */
export const saveProgramRecordWorkflow = createWorkflow(
  "loyalty-save-program-record",
  (input: SaveProgramRecordInput) => {
    checkRuleTargetStep(input)
    const record = saveProgramRecordStep(input)
    when({ input }, ({ input }) => input.kind === "tier").then(() => {
      emitEventStep({ eventName: LOYALTY_TIERS_CHANGED, data: { id: record.id } })
    })
    return new WorkflowResponse(record)
  }
)
