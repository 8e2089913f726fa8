import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { RecordKind } from "../../../modules/loyalty/program/records"
import { deleteProgramRecordStep } from "../steps/delete-program-record"
import { LOYALTY_TIERS_CHANGED } from "./save-program-record"

/** Deletes a tier, campaign or earning rule of the program. */
export const deleteProgramRecordWorkflow = createWorkflow(
  "loyalty-delete-program-record",
  (input: { kind: RecordKind; id: string }) => {
    const record = deleteProgramRecordStep(input)
    when({ input }, ({ input }) => input.kind === "tier").then(() => {
      emitEventStep({ eventName: LOYALTY_TIERS_CHANGED, data: { id: input.id } })
    })
    return new WorkflowResponse(record)
  }
)
