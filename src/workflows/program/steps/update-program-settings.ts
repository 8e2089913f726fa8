import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE, ProgramSettingsPatch } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"

/** Saves program settings; compensation puts the previous values back. */
export const updateProgramSettingsStep = createStep(
  "loyalty-update-program-settings",
  async (patch: ProgramSettingsPatch, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const previous = await loyalty.getProgramSettings()
    const program = await loyalty.updateProgramSettings(patch)
    return new StepResponse(program, previous)
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    await loyalty.updateProgramSettings(previous)
  }
)
