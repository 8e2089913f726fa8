import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createTelegramLinkStep } from "../steps/telegram-links"

/** A shopper asks for a deep link to the store's bot: `https://t.me/<bot>?start=<one-time token>`. */
export const createTelegramLinkWorkflow = createWorkflow(
  "loyalty-create-telegram-link",
  (input: { customer_id: string }) => new WorkflowResponse(createTelegramLinkStep(input))
)
