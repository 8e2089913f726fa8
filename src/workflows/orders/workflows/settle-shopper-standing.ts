import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deliverLoyaltyEventsStep } from "../../jobs/steps/deliver-loyalty-events"
import { recomputeTierStep } from "../steps/recompute-tier"
import { settleAchievementsStep } from "../steps/settle-achievements"

/**
 * After an order is placed, returned or canceled: the achievements the
 * shopper's spend now reaches (or fell below) and the tier their order points
 * reach, then the events those wrote (loyalty.tier_changed, bonus_granted).
 */
export const settleShopperStandingWorkflow = createWorkflow(
  "loyalty-settle-shopper-standing",
  (input: { customer_id: string | null; order_id: string }) => {
    const achievements = settleAchievementsStep(input)
    recomputeTierStep(input)
    // The events are committed in the outbox with the rows that made them; a failed send must
    // not undo the order's points (the next delivery sends them).
    deliverLoyaltyEventsStep().config({ continueOnPermanentFailure: true })
    return new WorkflowResponse(achievements)
  }
)
