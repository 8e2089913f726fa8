import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { bulkAdjustPointsWorkflow } from "../../../../workflows"
import type { AdminBulkAdjustmentType } from "../validators"

/**
 * Credits (or debits) many customers at once: `{ summary, results }` with one
 * result per row. Rows fail alone; the request answers 200 whenever it ran.
 */
export async function POST(req: AuthenticatedMedusaRequest<AdminBulkAdjustmentType>, res: MedusaResponse) {
  const { result } = await bulkAdjustPointsWorkflow(req.scope).run({
    input: { ...req.validatedBody, created_by: req.auth_context.actor_id },
  })
  res.json(result)
}
