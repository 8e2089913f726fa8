import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { bulkAdjustPointsStep } from "../steps/bulk-adjust-points"
import { type BulkTargetsInput, resolveBulkTargetsStep } from "../steps/resolve-bulk-targets"

export type BulkAdjustPointsWorkflowInput = BulkTargetsInput & {
  reason: string
  expires_in_days?: number | null
  created_by?: string | null
  idempotency_key: string
}

/** An admin's credit or debit for many customers at once, with a result per row. */
export const bulkAdjustPointsWorkflow = createWorkflow(
  "loyalty-bulk-adjust-points",
  (input: BulkAdjustPointsWorkflowInput) => {
    const targets = resolveBulkTargetsStep(input)
    const results = bulkAdjustPointsStep(
      transform({ input, targets }, ({ input, targets }) => ({
        targets,
        reason: input.reason,
        expires_in_days: input.expires_in_days,
        created_by: input.created_by,
        idempotency_key: input.idempotency_key,
      }))
    )
    const summary = transform({ results }, ({ results }) => ({
      total: results.length,
      credited: results.filter((r) => r.status === "credited").length,
      already_done: results.filter((r) => r.status === "already_done").length,
      failed: results.filter((r) => r.status === "failed").length,
    }))
    return new WorkflowResponse({ results, summary })
  }
)
