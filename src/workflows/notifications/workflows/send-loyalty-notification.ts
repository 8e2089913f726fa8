import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { type SendLoyaltyNotificationInput, sendLoyaltyNotificationStep } from "../steps/send-loyalty-notification"

/**
 * A shopper-facing loyalty event becomes a notification, when the program's
 * `notifications` setting names a channel and template for it and the shopper
 * has not turned loyalty messages off; once per event however often it arrives.
 */
export const sendLoyaltyNotificationWorkflow = createWorkflow(
  "loyalty-send-notification",
  (input: SendLoyaltyNotificationInput) => new WorkflowResponse(sendLoyaltyNotificationStep(input))
)
