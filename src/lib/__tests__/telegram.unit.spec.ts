import {
  botLocale,
  botReplyText,
  generateLinkToken,
  hashLinkToken,
  isWebhookSecret,
  looksLikeLinkToken,
  parseBotCommand,
  telegramDeepLink,
} from "../telegram"
import { isChatGoneError, TelegramApiError } from "../telegram-bot-api"

describe("parseBotCommand", () => {
  it.each([
    ["/start abcDEF_123-x", { command: "start", argument: "abcDEF_123-x" }],
    ["  /start   tok  ", { command: "start", argument: "tok" }],
    ["/start", { command: "start", argument: null }],
    ["/START@shop_points_bot tok", { command: "start", argument: "tok" }],
    ["/balance", { command: "balance", argument: null }],
    ["/balance@shop_points_bot", { command: "balance", argument: null }],
    ["/stop", { command: "stop", argument: null }],
    ["/help", { command: "help", argument: null }],
    ["/points", { command: "unknown", argument: null }],
    ["hello /balance", { command: "unknown", argument: null }],
    ["balance", { command: "unknown", argument: null }],
    ["", { command: "unknown", argument: null }],
  ])("reads %j", (text, expected) => {
    expect(parseBotCommand(text)).toEqual(expected)
  })
})

describe("link tokens", () => {
  it("are 32 characters Telegram passes as a start parameter, different each time", () => {
    const tokens = Array.from({ length: 50 }, generateLinkToken)
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/)
      expect(looksLikeLinkToken(token)).toBe(true)
    }
    expect(new Set(tokens).size).toBe(50)
  })

  it("are stored as their SHA-256, never as themselves", () => {
    const token = "abcdefghijklmnopqrstuvwxyz012345"
    expect(hashLinkToken(token)).toBe("653bb1245e828fcda4fa53fcd5a3def5bd7654e651f54b4132b73d74e64435c4")
    expect(hashLinkToken(token)).not.toContain(token)
    expect(hashLinkToken(token)).toBe(hashLinkToken(token))
    expect(hashLinkToken(token)).not.toBe(hashLinkToken(`${token.slice(0, -1)}6`))
  })

  it("refuse what cannot be one of ours without a read", () => {
    expect(looksLikeLinkToken("short")).toBe(false)
    expect(looksLikeLinkToken("a".repeat(33))).toBe(false)
    expect(looksLikeLinkToken(`${"a".repeat(31)}!`)).toBe(false)
  })

  it("travel in the bot's deep link", () => {
    expect(telegramDeepLink("@shop_points_bot", "tok_EN-1")).toBe("https://t.me/shop_points_bot?start=tok_EN-1")
  })
})

describe("isWebhookSecret", () => {
  const secret = "s3cret-s3cret-s3cret"
  it("accepts only the configured secret", () => {
    expect(isWebhookSecret(secret, secret)).toBe(true)
    expect(isWebhookSecret(`${secret}x`, secret)).toBe(false)
    expect(isWebhookSecret(secret.slice(1), secret)).toBe(false)
    expect(isWebhookSecret("", secret)).toBe(false)
    expect(isWebhookSecret(undefined, secret)).toBe(false)
    expect(isWebhookSecret([secret], secret)).toBe(false)
    expect(isWebhookSecret("", "")).toBe(false)
  })
})

describe("the bot's replies", () => {
  it("speak Russian to a Russian Telegram, English to everyone else", () => {
    expect(botLocale("ru")).toBe("ru")
    expect(botLocale("ru-RU")).toBe("ru")
    expect(botLocale("en")).toBe("en")
    expect(botLocale("uk")).toBe("en")
    expect(botLocale("rus")).toBe("en")
    expect(botLocale(undefined)).toBe("en")
  })

  it("show the balance, what can be spent and the next expiry with its date in the store's time zone", () => {
    const reply = {
      kind: "balance" as const,
      time_zone: "Europe/Moscow",
      figures: { balance: 1200, spendable: 1000, pending: 50, next_expiry: { points: 300, expires_at: "2027-01-15T22:30:00.000Z" } },
    }
    expect(botReplyText(reply, "en")).toBe(
      "Balance: 1200 points, 1000 to spend now.\nPending: 50 points.\nNext expiry: 300 points on January 16, 2027."
    )
    expect(botReplyText(reply, "ru")).toBe(
      "Баланс: 1200 баллов, доступно сейчас: 1000.\nОжидают начисления: 50.\nБлижайшее сгорание: 16 января 2027 г., 300 баллов."
    )
    expect(botReplyText({ ...reply, figures: { ...reply.figures, pending: 0, next_expiry: null } }, "en")).toBe(
      "Balance: 1200 points, 1000 to spend now.\nNo points expire soon."
    )
  })

  it("say why a link was refused", () => {
    expect(botReplyText({ kind: "link_refused", reason: "expired" }, "en")).toMatch(/expired/)
    expect(botReplyText({ kind: "link_refused", reason: "used" }, "en")).toMatch(/already been used/)
    expect(botReplyText({ kind: "link_refused", reason: "unknown" }, "ru")).toMatch(/недействительна/)
  })
})

describe("Bot API errors", () => {
  it("carry Telegram's description, and a 403 says the chat is gone, also through Medusa's re-thrown message", () => {
    const blocked = new TelegramApiError(403, "Forbidden: bot was blocked by the user")
    expect(blocked.message).toBe("Telegram Bot API sendMessage failed (403): Forbidden: bot was blocked by the user")
    expect(isChatGoneError(blocked)).toBe(true)
    expect(isChatGoneError(new Error(`Failed to send notification with id noti_1:\n${blocked.message}`))).toBe(true)
    const missing = new TelegramApiError(400, "Bad Request: chat not found")
    expect(isChatGoneError(missing)).toBe(true)
    expect(isChatGoneError(new Error(`Failed to send notification with id noti_1:\n${missing.message}`))).toBe(true)
    expect(isChatGoneError(new TelegramApiError(400, "Bad Request: message text is empty"))).toBe(false)
    expect(isChatGoneError(new TelegramApiError(429, "Too Many Requests: retry after 5", 5))).toBe(false)
    expect(isChatGoneError(new Error("socket hang up"))).toBe(false)
  })
})
