import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { bindTelegramChatStep } from "../steps/telegram-links"

/** The bot got `/start <token>`: the chat becomes the token's shopper's, once. */
export const bindTelegramChatWorkflow = createWorkflow(
  "loyalty-bind-telegram-chat",
  (input: { token: string; chat_id: string }) => new WorkflowResponse(bindTelegramChatStep(input))
)
