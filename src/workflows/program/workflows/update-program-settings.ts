import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ProgramSettingsPatch } from "../../../modules/loyalty"
import { syncReferralCouponsStep } from "../../referrals/steps/sync-referral-coupons"
import { updateProgramSettingsStep } from "../steps/update-program-settings"

export const updateProgramSettingsWorkflow = createWorkflow(
  "loyalty-update-program-settings",
  (input: ProgramSettingsPatch) => {
    const program = updateProgramSettingsStep(input)
    // Referral coupons follow referrals.coupon; a failure leaves the settings saved (the hourly job catches up).
    syncReferralCouponsStep().config({ continueOnPermanentFailure: true })
    return new WorkflowResponse(program)
  }
)
