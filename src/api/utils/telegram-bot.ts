import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { type BotReply, botLocale, botReplyText, parseBotCommand } from "../../lib/telegram"
import { sendTelegramMessage } from "../../lib/telegram-bot-api"
import { LOYALTY_MODULE } from "../../modules/loyalty"
import type { TelegramOptions } from "../../modules/loyalty/program-settings"
import type { ILoyaltyModuleService } from "../../types/loyalty"
import { bindTelegramChatWorkflow } from "../../workflows/telegram/workflows/bind-telegram-chat"
import { unlinkTelegramWorkflow } from "../../workflows/telegram/workflows/unlink-telegram"
import { loadAccountView } from "./account-view"

const chatId = z.union([z.number().int(), z.string().regex(/^-?\d{1,20}$/)]).transform(String)

/** The part of a Telegram Update the bot acts on: a text message in a private chat. */
const TextMessageUpdate = z.object({
  update_id: z.number().int(),
  message: z.object({
    chat: z.object({ id: chatId, type: z.literal("private") }),
    from: z.object({ language_code: z.string().optional() }).passthrough().optional(),
    text: z.string().max(4096),
  }).passthrough(),
}).passthrough()

/** The shopper blocked the bot (or stopped it in Telegram): Telegram tells the bot with a my_chat_member update. */
const BlockedUpdate = z.object({
  update_id: z.number().int(),
  my_chat_member: z.object({
    chat: z.object({ id: chatId, type: z.literal("private") }),
    new_chat_member: z.object({ status: z.literal("kicked") }).passthrough(),
  }).passthrough(),
}).passthrough()

/**
 * What the bot does with one Update: `/start <token>` binds the chat, `/balance`
 * answers with the account's figures, `/stop` unlinks; replies go out with
 * sendMessage in the shopper's language. An update that is not a text message
 * in a private chat is ignored (answered 200, so Telegram does not retry it).
 * A blocked bot unlinks the chat. A reply Telegram refuses is logged: the
 * update is still answered 200, or Telegram would deliver it again.
 */
export async function handleTelegramUpdate(scope: MedusaContainer, options: TelegramOptions, update: unknown): Promise<{ handled: boolean }> {
  const blocked = BlockedUpdate.safeParse(update)
  if (blocked.success) {
    await unlinkTelegramWorkflow(scope).run({ input: { chat_id: blocked.data.my_chat_member.chat.id } })
    return { handled: true }
  }
  const parsed = TextMessageUpdate.safeParse(update)
  if (!parsed.success) {
    return { handled: false }
  }
  const { chat, from, text } = parsed.data.message
  const reply = await answerCommand(scope, chat.id, text)
  try {
    await sendTelegramMessage(options, chat.id, botReplyText(reply, botLocale(from?.language_code)))
  } catch (error) {
    scope.resolve(ContainerRegistrationKeys.LOGGER).warn(`medusa-loyalty: the Telegram bot could not answer chat ${chat.id}: ${(error as Error).message}`)
  }
  return { handled: true }
}

async function answerCommand(scope: MedusaContainer, chat_id: string, text: string): Promise<BotReply> {
  const { command, argument } = parseBotCommand(text)
  const loyalty: ILoyaltyModuleService = scope.resolve(LOYALTY_MODULE)
  switch (command) {
    case "start": {
      if (!argument) {
        return (await loyalty.retrieveTelegramLink({ chat_id })) ? { kind: "help" } : { kind: "start_help" }
      }
      const { result } = await bindTelegramChatWorkflow(scope).run({ input: { token: argument, chat_id } })
      return result.linked ? { kind: "linked" } : { kind: "link_refused", reason: result.reason }
    }
    case "balance": {
      const link = await loyalty.retrieveTelegramLink({ chat_id })
      if (!link) {
        return { kind: "not_linked" }
      }
      const [account, { time_zone }] = await Promise.all([loadAccountView(scope, link.customer_id), loyalty.getProgramSettings()])
      return {
        kind: "balance",
        time_zone,
        figures: { balance: account.balance, spendable: account.spendable, pending: account.pending, next_expiry: account.expiring[0] ?? null },
      }
    }
    case "stop": {
      const { result } = await unlinkTelegramWorkflow(scope).run({ input: { chat_id } })
      return result ? { kind: "stopped" } : { kind: "stop_not_linked" }
    }
    default:
      return (await loyalty.retrieveTelegramLink({ chat_id })) ? { kind: "help" } : { kind: "start_help" }
  }
}
