import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deliverLoyaltyEventsStep } from "../steps/deliver-loyalty-events"
import { releaseDuePendingStep, type ReleaseDuePendingInput } from "../steps/release-due-pending"

/** Pending points whose return window has passed become spendable; `loyalty.points_available` per account. */
export const releasePendingPointsWorkflow = createWorkflow(
  "loyalty-release-pending-points",
  (input: ReleaseDuePendingInput) => {
    const released = releaseDuePendingStep(input)
    deliverLoyaltyEventsStep()
    return new WorkflowResponse(released)
  }
)
