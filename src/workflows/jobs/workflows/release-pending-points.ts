import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { releaseDuePendingStep, type ReleaseDuePendingInput } from "../steps/release-due-pending"

export const LOYALTY_POINTS_AVAILABLE = "loyalty.points_available"

/** Pending points whose return window has passed become spendable; one event per account. */
export const releasePendingPointsWorkflow = createWorkflow(
  "loyalty-release-pending-points",
  (input: ReleaseDuePendingInput) => {
    const released = releaseDuePendingStep(input)
    emitEventStep({ eventName: LOYALTY_POINTS_AVAILABLE, data: released })
    return new WorkflowResponse(released)
  }
)
