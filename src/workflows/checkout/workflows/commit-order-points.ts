import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deliverLoyaltyEventsStep } from "../../jobs/steps/deliver-loyalty-events"
import { commitOrderPointsStep } from "../steps/commit-order-points"

export { LOYALTY_POINTS_REDEEMED } from "../../orders/order-events"

/** A placed order pays the points held for its cart, once per order, and says so. */
export const commitOrderPointsWorkflow = createWorkflow(
  "loyalty-commit-order-points",
  (input: { order_id: string }) => {
    const committed = commitOrderPointsStep(input)
    // The redeem row and its event are committed together; a failed send waits for the next delivery.
    deliverLoyaltyEventsStep().config({ continueOnPermanentFailure: true })
    return new WorkflowResponse(committed)
  }
)
