import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deliverLoyaltyEventsStep } from "../../jobs/steps/deliver-loyalty-events"
import { grantBirthdayBonusesStep, type GrantBirthdayBonusesInput } from "../steps/grant-birthday-bonuses"

/**
 * The daily birthday run: today's birthdays, and those of the days since the last
 * completed run, get birthday_bonus; then `loyalty.bonus_granted` goes out.
 */
export const grantBirthdayBonusesWorkflow = createWorkflow(
  "loyalty-grant-birthday-bonuses",
  (input: GrantBirthdayBonusesInput) => {
    const granted = grantBirthdayBonusesStep(input)
    deliverLoyaltyEventsStep()
    return new WorkflowResponse(granted)
  }
)
