import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { randomUUID } from "crypto"
import { adjustPointsWorkflow } from "../../../../../../workflows"
import { loadAccountView } from "../../../../../utils/account-view"
import type { AdminCreateAdjustmentType } from "../../../validators"

/**
 * A manual credit (positive points) or debit (negative) with a reason. Send an
 * idempotency_key to make retries and double clicks safe.
 */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminCreateAdjustmentType>,
  res: MedusaResponse
) {
  const body = req.validatedBody
  const { result } = await adjustPointsWorkflow(req.scope).run({
    input: {
      customer_id: req.params.id,
      points: body.points,
      reason: body.reason,
      expires_in_days: body.expires_in_days,
      created_by: req.auth_context.actor_id,
      idempotency_key: `adjust:${req.params.id}:${body.idempotency_key ?? randomUUID()}`,
    },
  })
  // A retry with a used key gets the first answer again: 200 instead of 201.
  const { replayed, ...transaction } = result
  res.status(replayed ? 200 : 201).json({
    transaction,
    account: await loadAccountView(req.scope, req.params.id),
  })
}
