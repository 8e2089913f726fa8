import type { Logger, NotificationTypes } from "@medusajs/framework/types"
import { AbstractNotificationProviderService, MedusaError } from "@medusajs/framework/utils"
import { sendTelegramMessage, TELEGRAM_API_BASE_URL } from "../../lib/telegram-bot-api"

export type TelegramNotificationOptions = {
  /** The bot's token from @BotFather. */
  bot_token: string
  /** The Bot API's address; another only for tests (a fake Bot API). */
  api_base_url?: string
  /** The channels this provider serves: ["telegram"] (the channel medusa-loyalty sends chats on). */
  channels?: string[]
}

type InjectedDependencies = { logger: Logger }

/**
 * Sends notifications of the `telegram` channel as Bot API `sendMessage` calls: `to` is
 * the chat id, the text is the notification's `content.text` (the plugin's own templates
 * render it), else a line made of its `data`. A refusal by Telegram throws with
 * Telegram's description, so the Notification Module marks the notification failed; a
 * 403 (the shopper blocked the bot) is one too, and medusa-loyalty's sender unlinks that
 * chat when it sees it (the provider has no access to the loyalty module).
 */
export class TelegramNotificationService extends AbstractNotificationProviderService {
  static identifier = "telegram"

  protected readonly logger_: Logger
  protected readonly options_: TelegramNotificationOptions

  static validateOptions(options: Record<string, unknown>) {
    if (typeof options?.bot_token !== "string" || !options.bot_token.trim()) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "The Telegram notification provider needs the option bot_token (the token @BotFather gave the bot)."
      )
    }
    // medusa-loyalty finds a shopper's chat for the `telegram` channel only: a provider under
    // another channel name would be sent e-mail addresses as chat ids.
    if (options.channels !== undefined && !(Array.isArray(options.channels) && options.channels.includes("telegram"))) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        'The Telegram notification provider serves the channel "telegram": set channels: ["telegram"] (medusa-loyalty sends to a shopper\'s linked chat on that channel).'
      )
    }
    if (options.api_base_url !== undefined && (typeof options.api_base_url !== "string" || !/^https?:\/\//.test(options.api_base_url))) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "The Telegram notification provider's api_base_url must be an http(s) URL.")
    }
  }

  constructor({ logger }: InjectedDependencies, options: TelegramNotificationOptions) {
    super()
    this.logger_ = logger
    this.options_ = options
  }

  async send(notification: NotificationTypes.ProviderSendNotificationDTO): Promise<NotificationTypes.ProviderSendNotificationResultsDTO> {
    if (!notification?.to) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "A Telegram notification needs `to`: the chat id.")
    }
    const text = notification.content?.text?.trim() || plainLine(notification.template, notification.data)
    const { message_id } = await sendTelegramMessage(
      { bot_token: this.options_.bot_token, api_base_url: this.options_.api_base_url ?? TELEGRAM_API_BASE_URL },
      notification.to,
      text
    )
    return message_id === null ? {} : { id: String(message_id) }
  }
}

/** A template this provider has no text for: its name and the data's plain values on one line. */
function plainLine(template: string, data: Record<string, unknown> | null | undefined): string {
  const values = Object.entries(data ?? {})
    .filter(([, value]) => value !== null && value !== undefined && typeof value !== "object")
    .map(([key, value]) => `${key}: ${value}`)
  return values.length ? `${template} — ${values.join(", ")}` : template
}
