import { model } from "@medusajs/framework/utils"

/**
 * A shopper's Telegram chat: the `to` of their `telegram` notifications and
 * the chat the bot answers /balance in. One chat per customer and one customer
 * per chat; /stop, DELETE /store/loyalty/telegram or a blocked bot removes it.
 */
export const LoyaltyTelegramLink = model
  .define("loyalty_telegram_link", {
    id: model.id({ prefix: "lytg" }).primaryKey(),
    customer_id: model.text(),
    // Telegram's chat id, as text (ids exceed 32 bits).
    chat_id: model.text(),
    linked_at: model.dateTime(),
  })
  .indexes([
    // Not partial: links are deleted, never soft-deleted, and binding inserts ON CONFLICT.
    { on: ["customer_id"], unique: true, where: null },
    { on: ["chat_id"], unique: true, where: null },
  ])
