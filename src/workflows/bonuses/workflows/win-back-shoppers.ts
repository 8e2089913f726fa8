import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deliverLoyaltyEventsStep } from "../../jobs/steps/deliver-loyalty-events"
import { type WinBackShoppersInput, winBackShoppersStep } from "../steps/win-back-shoppers"

/**
 * The daily win-back run: quiet shoppers with points get winback_bonus and `loyalty.winback`
 * (the bonus's `loyalty.bonus_granted` too), then the events go out.
 */
export const winBackShoppersWorkflow = createWorkflow("loyalty-win-back-shoppers", (input: WinBackShoppersInput) => {
  const result = winBackShoppersStep(input)
  deliverLoyaltyEventsStep()
  return new WorkflowResponse(result)
})
