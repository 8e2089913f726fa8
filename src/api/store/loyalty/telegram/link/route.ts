import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { createTelegramLinkWorkflow } from "../../../../../workflows/telegram/workflows/create-telegram-link"

/**
 * A deep link to the store's bot with a new one-time token (an hour; the shopper's
 * earlier unused links stop working). Opening it and pressing Start links the chat.
 * 400 (not_allowed) when the store has no bot.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result } = await createTelegramLinkWorkflow(req.scope).run({ input: { customer_id: req.auth_context.actor_id } })
  res.json({ url: result.url, expires_at: result.expires_at })
}
