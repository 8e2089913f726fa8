import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { commitOrderPointsStep } from "../steps/commit-order-points"

export const LOYALTY_POINTS_REDEEMED = "loyalty.points_redeemed"

/** A placed order pays the points held for its cart. Once per order. */
export const commitOrderPointsWorkflow = createWorkflow(
  "loyalty-commit-order-points",
  (input: { order_id: string }) => {
    const committed = commitOrderPointsStep(input)
    when({ committed }, ({ committed }) => Boolean(committed)).then(() => {
      const data = transform({ committed }, ({ committed }) => committed!)
      emitEventStep({ eventName: LOYALTY_POINTS_REDEEMED, data })
    })
    return new WorkflowResponse(committed)
  }
)
