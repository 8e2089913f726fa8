import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deliverLoyaltyEventsStep } from "../steps/deliver-loyalty-events"
import { recomputeAllTiersStep, type RecomputeTiersInput } from "../steps/recompute-all-tiers"

/** Every shopper's tier follows their order points in the window; `loyalty.tier_changed` for each who moved. */
export const recomputeTiersWorkflow = createWorkflow("loyalty-recompute-tiers", (input: RecomputeTiersInput) => {
  const totals = recomputeAllTiersStep(input)
  deliverLoyaltyEventsStep()
  return new WorkflowResponse(totals)
})
