import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { RecordKind, RecordView } from "../../../modules/loyalty/program/records"
import type { ILoyaltyModuleService } from "../../../types/loyalty"

export type SaveProgramRecordInput<K extends RecordKind = RecordKind> = {
  kind: K
  /** Absent: create. */
  id?: string
  data: Partial<RecordView[K]>
}

/** Creates or changes a tier, campaign or rule; compensation deletes what it created or puts the old values back. */
export const saveProgramRecordStep = createStep(
  "loyalty-save-program-record",
  async (input: SaveProgramRecordInput, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const previous = input.id ? await loyalty.retrieveRecord(input.kind, input.id) : null
    const record = await loyalty.saveRecord(input.kind, { id: input.id, data: input.data })
    return new StepResponse(record, { kind: input.kind, id: record.id, previous })
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    if (undo.previous) {
      const { id, ...data } = undo.previous
      await loyalty.saveRecord(undo.kind, { id, data })
    } else {
      await loyalty.deleteRecord(undo.kind, undo.id)
    }
  }
)
