import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { checkRuleTargetStep } from "../steps/check-rule-target"
import { saveProgramRecordStep, type SaveProgramRecordInput } from "../steps/save-program-record"

/** Creates or changes a tier, campaign or earning rule of the program. */
export const saveProgramRecordWorkflow = createWorkflow(
  "loyalty-save-program-record",
  (input: SaveProgramRecordInput) => {
    checkRuleTargetStep(input)
    return new WorkflowResponse(saveProgramRecordStep(input))
  }
)
