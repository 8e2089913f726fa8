import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { LOYALTY_MODULE, ProgramSettingsPatch } from "../../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../../types/loyalty"
import { updateProgramSettingsWorkflow } from "../../../../workflows"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const loyalty: ILoyaltyModuleService = req.scope.resolve(LOYALTY_MODULE)
  res.json({ program: await loyalty.getProgramSettings() })
}

export async function POST(
  req: AuthenticatedMedusaRequest<ProgramSettingsPatch>,
  res: MedusaResponse
) {
  const { result } = await updateProgramSettingsWorkflow(req.scope).run({
    input: req.validatedBody,
  })
  res.json({ program: result })
}
