import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LINK_TOKEN_TTL_MINUTES, telegramDeepLink } from "../../../lib/telegram"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService, LoyaltyTelegramLinkDTO } from "../../../types/loyalty"

/** The bot's options; NOT_ALLOWED when the store has not configured one. */
function telegramOptionsOrThrow(loyalty: ILoyaltyModuleService) {
  const options = loyalty.getTelegramOptions()
  if (!options) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "Telegram is not available in this store: the plugin option telegram (bot_token, bot_username, webhook_secret) is not set."
    )
  }
  return options
}

/**
 * A new one-time deep link to the bot for the shopper. No compensation: the
 * workflow's only step, and an unused token only expires (the next one drops it).
 */
export const createTelegramLinkStep = createStep(
  "loyalty-create-telegram-link",
  async (input: { customer_id: string }, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const { bot_username } = telegramOptionsOrThrow(loyalty)
    const { token, expires_at } = await loyalty.createTelegramLinkToken(input.customer_id, LINK_TOKEN_TTL_MINUTES)
    return new StepResponse({ url: telegramDeepLink(bot_username, token), expires_at })
  }
)

/**
 * `/start <token>` from a chat: binds it to the token's shopper, or says why
 * not. No compensation: the workflow's only step, and a second run with the
 * same chat and token replays.
 */
export const bindTelegramChatStep = createStep(
  "loyalty-bind-telegram-chat",
  async (input: { token: string; chat_id: string }, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    return new StepResponse(await loyalty.bindTelegramChat(input.token, input.chat_id))
  }
)

/** Unlinks the shopper's chat, or the chat's shopper. Compensation: the link back, if this run removed it. */
export const unlinkTelegramStep = createStep(
  "loyalty-unlink-telegram",
  async (input: { customer_id: string } | { chat_id: string }, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const link = await loyalty.unlinkTelegram(input)
    return new StepResponse(link, link)
  },
  async (link: LoyaltyTelegramLinkDTO | null | undefined, { container }) => {
    if (link) {
      await container.resolve<ILoyaltyModuleService>(LOYALTY_MODULE).restoreTelegramLink(link)
    }
  }
)
