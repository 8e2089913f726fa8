/**
 * The one Bot API method the plugin calls, `sendMessage`, with plain fetch. Used by the
 * Notification Module provider (src/providers/telegram) and by the bot's webhook replies.
 */

export const TELEGRAM_API_BASE_URL = "https://api.telegram.org"

/** Telegram takes at most 4096 characters of text per message. */
const MAX_TEXT_LENGTH = 4096
const TIMEOUT_MS = 10_000

export type BotApiConfig = { bot_token: string; api_base_url?: string | null }

/**
 * A Bot API answer with `ok: false` or an HTTP error: `status` is Telegram's
 * `error_code` (or the HTTP status), `description` its words ("Forbidden: bot was
 * blocked by the user").
 */
export class TelegramApiError extends Error {
  readonly name = "TelegramApiError"
  constructor(
    readonly status: number,
    readonly description: string
  ) {
    super(`Telegram Bot API sendMessage failed (${status}): ${description}`)
  }

  /** The shopper blocked the bot or deleted their account: this chat takes no more messages. */
  get chatGone(): boolean {
    return this.status === 403
  }
}

/** Whether an error (also one Medusa's Notification Module re-threw with the provider's message) says the chat is gone. */
export const isChatGoneError = (error: unknown): boolean =>
  error instanceof TelegramApiError ? error.chatGone : /Telegram Bot API sendMessage failed \(403\)/.test(String((error as Error)?.message ?? ""))

/** Sends `text` to a chat; the message's id. Throws TelegramApiError on Telegram's refusal. */
export async function sendTelegramMessage(config: BotApiConfig, chatId: string, text: string): Promise<{ message_id: number | null }> {
  const base = (config.api_base_url || TELEGRAM_API_BASE_URL).replace(/\/+$/, "")
  const response = await fetch(`${base}/bot${config.bot_token}/sendMessage`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ chat_id: chatId, text: text.slice(0, MAX_TEXT_LENGTH), link_preview_options: { is_disabled: true } }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  })
  const body = (await response.json().catch(() => null)) as
    | { ok?: boolean; result?: { message_id?: number }; error_code?: number; description?: string }
    | null
  if (!response.ok || !body?.ok) {
    throw new TelegramApiError(body?.error_code ?? response.status, body?.description ?? `HTTP ${response.status}`)
  }
  return { message_id: typeof body.result?.message_id === "number" ? body.result.message_id : null }
}
