import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { bulkRunKeyPatterns, bulkRunsOf, nextBulkRepeatKey } from "../../../../lib"
import { bulkAdjustPointsWorkflow } from "../../../../workflows"
import type { AdminBulkAdjustmentType, AdminBulkRunsParamsType } from "../validators"

/**
 * Whether a run was already sent: `{ runs, repeat_key }`, one entry for the run
 * with this key and for each of its repeats, each with when the ledger got its
 * rows (none: nothing was credited under it yet), and the key a deliberate
 * repeat sends next.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { idempotency_key } = req.validatedQuery as AdminBulkRunsParamsType
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "loyalty_transaction",
    fields: ["idempotency_key", "points", "created_at"],
    filters: { $or: bulkRunKeyPatterns(idempotency_key).map((pattern) => ({ idempotency_key: { $like: pattern } })) },
  })
  const runs = bulkRunsOf(idempotency_key, data)
  res.json({ runs, repeat_key: nextBulkRepeatKey(idempotency_key, runs) })
}

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
