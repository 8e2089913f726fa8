import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { RecordKind } from "../../../modules/loyalty/program/records"
import { deleteProgramRecordStep } from "../steps/delete-program-record"

/** Deletes a tier, campaign or earning rule of the program. */
export const deleteProgramRecordWorkflow = createWorkflow(
  "loyalty-delete-program-record",
  (input: { kind: RecordKind; id: string }) => new WorkflowResponse(deleteProgramRecordStep(input))
)
