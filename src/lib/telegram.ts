import { createHash, randomBytes, timingSafeEqual } from "crypto"

/**
 * The Telegram bot's pure parts: one-time link tokens, the commands a shopper
 * types, the secret-token check and the bot's replies. Plain values only.
 */

/** How long a link from POST /store/loyalty/telegram/link can be used. */
export const LINK_TOKEN_TTL_MINUTES = 60

/**
 * A one-time link token: 24 random bytes as base64url, 32 characters, within what
 * Telegram passes as a `start` parameter (1–64 of A–Z, a–z, 0–9, `_` and `-`).
 */
export const generateLinkToken = () => randomBytes(24).toString("base64url")

/** What the database keeps of a token: its SHA-256 (hex); the token itself only travels in the link. */
export const hashLinkToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex")

/** Whether a `/start` argument can be a token of ours at all (anything else is refused without a read). */
export const looksLikeLinkToken = (value: string) => /^[A-Za-z0-9_-]{32}$/.test(value)

/** The deep link that opens the bot with the token: `https://t.me/<bot>?start=<token>`. */
export const telegramDeepLink = (botUsername: string, token: string) =>
  `https://t.me/${encodeURIComponent(botUsername.replace(/^@/, ""))}?start=${encodeURIComponent(token)}`

export type BotCommand = { command: "start" | "balance" | "stop" | "help" | "unknown"; argument: string | null }

/**
 * A message's command: `/start <token>`, `/balance`, `/stop`, `/help`, also as
 * `/balance@my_bot` (groups add the bot's name); anything else is `unknown`.
 */
export function parseBotCommand(text: string): BotCommand {
  const match = /^\/([A-Za-z0-9_]+)(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/.exec(text.trim())
  if (!match) {
    return { command: "unknown", argument: null }
  }
  const name = match[1].toLowerCase()
  const argument = match[2]?.trim() || null
  if (name === "start" || name === "balance" || name === "stop" || name === "help") {
    return { command: name, argument }
  }
  return { command: "unknown", argument }
}

/**
 * Whether the `X-Telegram-Bot-Api-Secret-Token` header is the configured secret, in
 * constant time: both sides are hashed first, so neither their content nor their length
 * shows in the time taken.
 */
export function isWebhookSecret(received: unknown, secret: string): boolean {
  if (typeof received !== "string" || !secret) {
    return false
  }
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest()
  return timingSafeEqual(digest(received), digest(secret))
}

export type BotLocale = "en" | "ru"

/** The reply language from the Telegram user's `language_code` (`ru`, `ru-RU`, …); English otherwise. */
export const botLocale = (languageCode: string | null | undefined): BotLocale =>
  typeof languageCode === "string" && /^ru(?:[-_]|$)/i.test(languageCode) ? "ru" : "en"

/** What /balance shows: the account figures of GET /store/loyalty/account. */
export type BalanceFigures = {
  balance: number
  spendable: number
  pending: number
  /** The first upcoming expiry, if any. */
  next_expiry: { points: number; expires_at: Date | string } | null
}

export type BotReply =
  | { kind: "linked" }
  | { kind: "link_refused"; reason: "unknown" | "used" | "expired" }
  | { kind: "start_help" }
  | { kind: "help" }
  | { kind: "not_linked" }
  | { kind: "balance"; figures: BalanceFigures; time_zone: string }
  | { kind: "stopped" }
  | { kind: "stop_not_linked" }

type ReplyTexts = { [K in BotReply["kind"]]: (reply: Extract<BotReply, { kind: K }>) => string }

const dateIn = (locale: BotLocale, time_zone: string, date: Date | string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: time_zone }).format(new Date(date))

const TEXTS: Record<BotLocale, ReplyTexts> = {
  en: {
    linked: () => "Done: this chat now gets your loyalty messages. /balance shows your points, /stop turns the messages off.",
    link_refused: ({ reason }) =>
      reason === "expired"
        ? "This link has expired. Open your account on the store's site and get a new Telegram link."
        : reason === "used"
          ? "This link has already been used. Open your account on the store's site and get a new Telegram link."
          : "This link is not valid. Open your account on the store's site and get a new Telegram link.",
    start_help: () => "To link this chat to your loyalty account, open your account on the store's site and use the Telegram link there.",
    help: () => "Commands: /balance shows your points, /stop unlinks this chat.",
    not_linked: () => "This chat is not linked to a loyalty account. Open your account on the store's site and use the Telegram link there.",
    balance: ({ figures, time_zone }) =>
      [
        `Balance: ${figures.balance} points, ${figures.spendable} to spend now.`,
        figures.pending ? `Pending: ${figures.pending} points.` : null,
        figures.next_expiry
          ? `Next expiry: ${figures.next_expiry.points} points on ${dateIn("en", time_zone, figures.next_expiry.expires_at)}.`
          : "No points expire soon.",
      ]
        .filter(Boolean)
        .join("\n"),
    stopped: () => "This chat is unlinked: it gets no more loyalty messages. Link it again from your account on the store's site.",
    stop_not_linked: () => "This chat is not linked to a loyalty account.",
  },
  ru: {
    linked: () => "Готово: в этот чат будут приходить сообщения о ваших баллах. /balance — баланс, /stop — отключить сообщения.",
    link_refused: ({ reason }) =>
      reason === "expired"
        ? "Срок действия ссылки истёк. Откройте личный кабинет на сайте магазина и получите новую ссылку для Telegram."
        : reason === "used"
          ? "Эта ссылка уже использована. Откройте личный кабинет на сайте магазина и получите новую ссылку для Telegram."
          : "Ссылка недействительна. Откройте личный кабинет на сайте магазина и получите новую ссылку для Telegram.",
    start_help: () => "Чтобы привязать этот чат к бонусному счёту, откройте личный кабинет на сайте магазина и перейдите по ссылке для Telegram.",
    help: () => "Команды: /balance — баланс баллов, /stop — отвязать этот чат.",
    not_linked: () => "Этот чат не привязан к бонусному счёту. Откройте личный кабинет на сайте магазина и перейдите по ссылке для Telegram.",
    balance: ({ figures, time_zone }) =>
      [
        `Баланс: ${figures.balance} баллов, доступно сейчас: ${figures.spendable}.`,
        figures.pending ? `Ожидают начисления: ${figures.pending}.` : null,
        figures.next_expiry
          ? `Ближайшее сгорание: ${dateIn("ru", time_zone, figures.next_expiry.expires_at)}, ${figures.next_expiry.points} баллов.`
          : "В ближайшее время баллы не сгорают.",
      ]
        .filter(Boolean)
        .join("\n"),
    stopped: () => "Чат отвязан: сообщения о баллах больше не придут. Привязать его снова можно в личном кабинете на сайте магазина.",
    stop_not_linked: () => "Этот чат не привязан к бонусному счёту.",
  },
}

/** The bot's answer, short and plain, in the shopper's language. */
export function botReplyText(reply: BotReply, locale: BotLocale): string {
  const text = TEXTS[locale][reply.kind] as (reply: BotReply) => string
  return text(reply)
}
