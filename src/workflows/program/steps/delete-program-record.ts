import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { RecordKind } from "../../../modules/loyalty/program/records"
import type { ILoyaltyModuleService } from "../../../types/loyalty"

/** Deletes a tier, campaign or rule; compensation saves it back under its id. */
export const deleteProgramRecordStep = createStep(
  "loyalty-delete-program-record",
  async (input: { kind: RecordKind; id: string }, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const record = await loyalty.deleteRecord(input.kind, input.id)
    return new StepResponse(record, { kind: input.kind, record })
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    await loyalty.saveRecord(undo.kind, { data: undo.record })
  }
)
