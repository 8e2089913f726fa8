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
    readonly description: string,
    /** Telegram's `parameters.retry_after` of a 429: how long to wait before trying again. */
    readonly retryAfterSeconds: number | null = null
  ) {
    super(`Telegram Bot API sendMessage failed (${status}): ${description}`)
  }

  /**
   * This chat takes no more messages: the shopper blocked the bot or deleted their account
   * (403), or the chat does not exist (400 "chat not found").
   */
  get chatGone(): boolean {
    return this.status === 403 || (this.status === 400 && /chat not found/i.test(this.description))
  }
}

/** Whether an error (also one Medusa's Notification Module re-threw with the provider's message) says the chat is gone. */
export const isChatGoneError = (error: unknown): boolean =>
  error instanceof TelegramApiError
    ? error.chatGone
    : /Telegram Bot API sendMessage failed \((403\)|400\): .*chat not found)/i.test(String((error as Error)?.message ?? ""))

/** How often a message Telegram throttled (429) is tried again, and the longest wait it may ask for. */
const THROTTLED_ATTEMPTS = 3
const LONGEST_RETRY_AFTER_S = 30

/**
 * Sends `text` to a chat; the message's id. Throws TelegramApiError on Telegram's refusal. A 429
 * (the bot passed Telegram's rate limit, as a nightly job's messages may) is tried again after
 * the `retry_after` Telegram gives, a few times, rather than failing the notification.
 */
export async function sendTelegramMessage(config: BotApiConfig, chatId: string, text: string): Promise<{ message_id: number | null }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sendOnce(config, chatId, text)
    } catch (error) {
      const wait = error instanceof TelegramApiError ? error.retryAfterSeconds : null
      if (wait === null || wait > LONGEST_RETRY_AFTER_S || attempt === THROTTLED_ATTEMPTS) throw error
      await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 1) * 1000))
    }
  }
}

async function sendOnce(config: BotApiConfig, chatId: string, text: string): Promise<{ message_id: number | null }> {
  const base = (config.api_base_url || TELEGRAM_API_BASE_URL).replace(/\/+$/, "")
  const response = await fetch(`${base}/bot${config.bot_token}/sendMessage`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ chat_id: chatId, text: text.slice(0, MAX_TEXT_LENGTH), link_preview_options: { is_disabled: true } }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  })
  const body = (await response.json().catch(() => null)) as
    | { ok?: boolean; result?: { message_id?: number }; error_code?: number; description?: string; parameters?: { retry_after?: number } }
    | null
  if (!response.ok || !body?.ok) {
    const status = body?.error_code ?? response.status
    const retryAfter = status === 429 && typeof body?.parameters?.retry_after === "number" ? body.parameters.retry_after : null
    throw new TelegramApiError(status, body?.description ?? `HTTP ${response.status}`, retryAfter)
  }
  return { message_id: typeof body.result?.message_id === "number" ? body.result.message_id : null }
}
