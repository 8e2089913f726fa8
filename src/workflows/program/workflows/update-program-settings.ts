import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ProgramSettingsPatch } from "../../../modules/loyalty"
import { updateProgramSettingsStep } from "../steps/update-program-settings"

export const updateProgramSettingsWorkflow = createWorkflow(
  "loyalty-update-program-settings",
  (input: ProgramSettingsPatch) => {
    const program = updateProgramSettingsStep(input)
    return new WorkflowResponse(program)
  }
)
