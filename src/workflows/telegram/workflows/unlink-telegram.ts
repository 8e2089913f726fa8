import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { unlinkTelegramStep } from "../steps/telegram-links"

/** The shopper's chat (DELETE /store/loyalty/telegram), or a chat (/stop, a blocked bot), is unlinked. */
export const unlinkTelegramWorkflow = createWorkflow(
  "loyalty-unlink-telegram",
  (input: { customer_id: string } | { chat_id: string }) => new WorkflowResponse(unlinkTelegramStep(input))
)
