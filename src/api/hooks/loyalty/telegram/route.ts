import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { isWebhookSecret } from "../../../../lib/telegram"
import { LOYALTY_MODULE } from "../../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../../types/loyalty"
import { handleTelegramUpdate } from "../../../utils/telegram-bot"

/** The header Telegram sends setWebhook's secret_token in. */
const SECRET_HEADER = "x-telegram-bot-api-secret-token"

/**
 * The bot's webhook (setWebhook with `secret_token`, README "Telegram"): an Update from
 * Telegram. Refused with 401 unless it carries the configured secret; 404 when the store
 * has no bot. Every update that gets past the check is answered 200, also one the bot
 * ignores, so Telegram does not deliver it again and again.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const loyalty: ILoyaltyModuleService = req.scope.resolve(LOYALTY_MODULE)
  const options = loyalty.getTelegramOptions()
  if (!options) {
    res.status(404).json({ type: "not_found", message: "This store has no Telegram bot (the plugin option telegram is not set)." })
    return
  }
  if (!isWebhookSecret(req.headers[SECRET_HEADER], options.webhook_secret)) {
    res.status(401).json({ type: "unauthorized", message: "The X-Telegram-Bot-Api-Secret-Token header is missing or wrong." })
    return
  }
  const { handled } = await handleTelegramUpdate(req.scope, options, req.body)
  res.status(200).json({ ok: true, handled })
}
