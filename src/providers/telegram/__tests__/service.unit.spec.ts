import http from "http"
import type { AddressInfo } from "net"
import { TelegramNotificationService } from "../service"

/** A Bot API on 127.0.0.1 that answers each sendMessage with `answer` and records what it got. */
async function fakeBotApi(answer: (body: any) => { status: number; body: unknown }) {
  const calls: { url: string; body: any }[] = []
  const server = http.createServer((req, res) => {
    let raw = ""
    req.on("data", (chunk) => (raw += chunk))
    req.on("end", () => {
      const body = JSON.parse(raw)
      calls.push({ url: req.url!, body })
      const { status, body: reply } = answer(body)
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(reply))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, calls, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn() } as any

describe("the Telegram notification provider", () => {
  it("refuses to start without a bot token, or with an api_base_url that is not http(s)", () => {
    expect(() => TelegramNotificationService.validateOptions({})).toThrow(/bot_token/)
    expect(() => TelegramNotificationService.validateOptions({ bot_token: "  " })).toThrow(/bot_token/)
    expect(() => TelegramNotificationService.validateOptions({ bot_token: "1:a", api_base_url: "ftp://x" })).toThrow(/api_base_url/)
    expect(() => TelegramNotificationService.validateOptions({ bot_token: "1:a", api_base_url: "http://127.0.0.1:1" })).not.toThrow()
    expect(TelegramNotificationService.identifier).toBe("telegram")
    expect(() => TelegramNotificationService.validateOptions({ bot_token: "1:a", channels: ["tg"] })).toThrow(/channels: \["telegram"\]/)
    expect(() => TelegramNotificationService.validateOptions({ bot_token: "1:a", channels: ["telegram"] })).not.toThrow()
  })

  it("waits the retry_after Telegram gives a throttled (429) message and sends it once it may", async () => {
    let throttled = 0
    const api = await fakeBotApi(() =>
      throttled++ < 1
        ? { status: 429, body: { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } } }
        : { status: 200, body: { ok: true, result: { message_id: 5 } } }
    )
    try {
      const provider = new TelegramNotificationService({ logger }, { bot_token: "123:abc", api_base_url: api.url })
      const began = Date.now()
      expect(await provider.send({ to: "9", channel: "telegram", template: "t", content: { text: "x" } })).toEqual({ id: "5" })
      expect(api.calls).toHaveLength(2)
      expect(Date.now() - began).toBeGreaterThanOrEqual(900)
    } finally {
      await api.close()
    }
  })

  it("posts sendMessage to the chat with the content's text, else a line of the data, and returns the message id", async () => {
    const api = await fakeBotApi(() => ({ status: 200, body: { ok: true, result: { message_id: 77, chat: { id: 1 } } } }))
    try {
      const provider = new TelegramNotificationService({ logger }, { bot_token: "123:abc", api_base_url: api.url })
      const sent = await provider.send({ to: "4242", channel: "telegram", template: "loyalty-points-earned", content: { text: "You earned 5 points." } })
      expect(sent).toEqual({ id: "77" })
      await provider.send({ to: "4242", channel: "telegram", template: "order-shipped", data: { order: 12, carrier: "DHL", nested: { a: 1 } } })
      expect(api.calls).toEqual([
        { url: "/bot123:abc/sendMessage", body: expect.objectContaining({ chat_id: "4242", text: "You earned 5 points." }) },
        { url: "/bot123:abc/sendMessage", body: expect.objectContaining({ chat_id: "4242", text: "order-shipped — order: 12, carrier: DHL" }) },
      ])
    } finally {
      await api.close()
    }
  })

  it("throws with Telegram's description when the Bot API refuses", async () => {
    const api = await fakeBotApi((body) =>
      body.chat_id === "1"
        ? { status: 403, body: { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" } }
        : { status: 500, body: "oops" }
    )
    try {
      const provider = new TelegramNotificationService({ logger }, { bot_token: "123:abc", api_base_url: api.url })
      await expect(provider.send({ to: "1", channel: "telegram", template: "t", content: { text: "x" } })).rejects.toThrow(
        "Telegram Bot API sendMessage failed (403): Forbidden: bot was blocked by the user"
      )
      await expect(provider.send({ to: "2", channel: "telegram", template: "t", content: { text: "x" } })).rejects.toThrow(
        "Telegram Bot API sendMessage failed (500): HTTP 500"
      )
    } finally {
      await api.close()
    }
  })
})
