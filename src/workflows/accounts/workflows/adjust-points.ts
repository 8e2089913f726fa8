import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import {
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { adjustPointsStep } from "../steps/adjust-points"

export type AdjustPointsWorkflowInput = {
  customer_id: string
  points: number
  reason: string
  expires_in_days?: number | null
  created_by?: string | null
  idempotency_key: string
}

/** An admin's manual credit or debit on a customer's points, with a reason. */
export const adjustPointsWorkflow = createWorkflow(
  "loyalty-adjust-points",
  (input: AdjustPointsWorkflowInput) => {
    // Fails with 404 for an unknown customer before anything is written.
    useQueryGraphStep({
      entity: "customer",
      fields: ["id"],
      filters: { id: input.customer_id },
      options: { throwIfKeyNotFound: true },
    })

    const adjustment = transform({ input }, ({ input }) => ({
      customer_id: input.customer_id,
      points: input.points,
      reason: input.reason,
      created_by: input.created_by ?? null,
      idempotency_key: input.idempotency_key,
      expires_in_days: input.expires_in_days ?? null,
    }))

    const transaction = adjustPointsStep(adjustment)
    return new WorkflowResponse(transaction)
  }
)
