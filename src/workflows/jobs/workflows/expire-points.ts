import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deliverLoyaltyEventsStep } from "../steps/deliver-loyalty-events"
import { expireDuePointsStep, type ExpireDuePointsInput } from "../steps/expire-due-points"
import { warnExpiringPointsStep } from "../steps/warn-expiring-points"

/**
 * The daily expiry run: expire what is due (lots, then inactive balances),
 * warn what will expire soon, then emit `loyalty.points_expired` and
 * `loyalty.points_expiring`.
 */
export const expirePointsWorkflow = createWorkflow("loyalty-expire-points", (input: ExpireDuePointsInput) => {
  const expired = expireDuePointsStep(input)
  const warned = warnExpiringPointsStep(input)
  deliverLoyaltyEventsStep()
  return new WorkflowResponse({ expired, warned })
})
