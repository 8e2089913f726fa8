import { model } from "@medusajs/framework/utils"

/**
 * A one-time token of a Telegram deep link (`https://t.me/<bot>?start=<token>`),
 * kept only as its SHA-256. It binds the chat that sends `/start <token>`
 * before `expires_at`, once; `used_at` and `chat_id` say when and which.
 */
export const LoyaltyTelegramLinkToken = model
  .define("loyalty_telegram_link_token", {
    id: model.id({ prefix: "lytt" }).primaryKey(),
    token_hash: model.text(),
    customer_id: model.text(),
    expires_at: model.dateTime(),
    used_at: model.dateTime().nullable(),
    chat_id: model.text().nullable(),
  })
  .indexes([
    { on: ["token_hash"], unique: true, where: null },
    { on: ["customer_id"], where: null },
  ])
