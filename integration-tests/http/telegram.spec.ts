import Medusa from "@medusajs/js-sdk"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import http from "http"
import type { AddressInfo } from "net"
import { loyalty as loyaltyClient } from "../../src/client"
import { createShopper } from "../helpers/auth"
import { expectClientShape } from "../helpers/client-shape"
import { errorOf } from "../helpers/http-error"
import { expectLedgerInvariants } from "../helpers/invariants"
import { afterHandled, emitOnBus, loyaltyEventRecorder } from "../helpers/loyalty-events"
import { createLoyaltyStore } from "../helpers/loyalty-store"
import { waitForQuiet } from "../helpers/quiet"
import { createCart, placeOrder, SHIRT_AND_MUG, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(240_000)

type Headers = { headers: Record<string, string> }
type Shopper = { customer: { id: string; email: string }; headers: Headers }
type SentMessage = { token: string; chat_id: string; text: string }

const BOT_TOKEN = "123456:test-bot-token"
const BOT_USERNAME = "shop_points_bot"
const SECRET = "webhook-secret-0123456789abcdef"

/**
 * A fake Bot API on 127.0.0.1: records every sendMessage and answers as Telegram does,
 * `{ ok: true, result: <message> }`, or 403 "bot was blocked by the user" for a chat in `blocked`.
 */
const botApi = {
  sent: [] as SentMessage[],
  blocked: new Set<string>(),
  server: http.createServer((req, res) => {
    let raw = ""
    req.on("data", (chunk) => (raw += chunk))
    req.on("end", () => {
      const match = /^\/bot([^/]+)\/sendMessage$/.exec(req.url ?? "")
      const body = raw ? JSON.parse(raw) : {}
      const answer = (status: number, reply: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(reply))
      if (!match || match[1] !== BOT_TOKEN) {
        return answer(404, { ok: false, error_code: 404, description: "Not Found" })
      }
      const chat_id = String(body.chat_id)
      if (botApi.blocked.has(chat_id)) {
        return answer(403, { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" })
      }
      botApi.sent.push({ token: match[1], chat_id, text: body.text })
      answer(200, { ok: true, result: { message_id: botApi.sent.length, chat: { id: Number(chat_id), type: "private" }, date: 0, text: body.text } })
    })
  }),
}

// The app reads these when it boots (medusa-config.ts), so the fake Bot API's port is known first.
const env: Record<string, string> = {}
beforeAll(async () => {
  await new Promise<void>((resolve) => botApi.server.listen(0, "127.0.0.1", resolve))
  Object.assign(env, {
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_BOT_USERNAME: BOT_USERNAME,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_BASE_URL: `http://127.0.0.1:${(botApi.server.address() as AddressInfo).port}`,
  })
  Object.assign(process.env, env)
})
afterAll(async () => {
  for (const name of Object.keys(env)) delete process.env[name]
  botApi.server.closeAllConnections()
  await new Promise<void>((resolve) => botApi.server.close(() => resolve()))
})

// The store routes' answers against the typed client's exported types (as storefront-client.spec.ts checks the others).
const expectShape = expectClientShape

let updateId = 1000
/** A Telegram Update with a text message from a private chat. */
const textUpdate = (chatId: number, text: string, language_code = "en") => ({
  update_id: ++updateId,
  message: {
    message_id: updateId,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chatId, type: "private", first_name: "Sam" },
    from: { id: chatId, is_bot: false, first_name: "Sam", language_code },
    text,
  },
})

const POINTS_EARNED_ON_TELEGRAM = { points_earned: { channel: "telegram", template: "loyalty-points-earned" } }

medusaIntegrationTestRunner({
  env,
  testSuite: ({ api, getContainer }) => {
    describe("Telegram", () => {
      let admin: Headers
      let fixture: StoreFixture
      let shopper: Shopper
      const recorder = loyaltyEventRecorder(getContainer)

      beforeEach(async () => {
        ;({ admin, fixture, shopper } = await createLoyaltyStore(getContainer(), api))
        botApi.sent = []
        botApi.blocked.clear()
        recorder.start()
      })

      afterEach(async () => {
        recorder.stop()
        await expectLedgerInvariants(getContainer())
      })

      const webhook = (update: unknown, secret: string | null = SECRET) =>
        api.post("/hooks/loyalty/telegram", update, { headers: secret === null ? {} : { "x-telegram-bot-api-secret-token": secret } })
      const clientOf = (who: Shopper) =>
        loyaltyClient(
          new Medusa({ baseUrl: api.defaults.baseURL!, publishableKey: fixture.publishableKey, auth: { type: "jwt", jwtTokenStorageMethod: "nostore" } }),
          { headers: { authorization: who.headers.headers.authorization } }
        )
      const linkOf = async (who: Shopper) => {
        const { data } = await api.post("/store/loyalty/telegram/link", {}, who.headers)
        return { ...data, token: new URL(data.url).searchParams.get("start")! } as { url: string; expires_at: string; token: string }
      }
      const status = async (who: Shopper) => (await api.get("/store/loyalty/telegram", who.headers)).data
      const repliesTo = (chatId: number) => botApi.sent.filter((message) => message.chat_id === String(chatId)).map((message) => message.text)
      const telegramNotifications = async () => {
        await waitForQuiet(getContainer())
        return getContainer().resolve(Modules.NOTIFICATION).listNotifications({ channel: "telegram" }, { order: { created_at: "ASC" } })
      }
      const adjust = (who: Shopper, points: number, expires_in_days?: number) =>
        api.post(`/admin/customers/${who.customer.id}/loyalty/adjustments`, { points, reason: "Test", expires_in_days }, admin)
      /** A points_earned event as the outbox delivers it, for `who`. */
      const pointsEarned = (who: Shopper, eventId: string) => ({
        account_id: null,
        customer_id: who.customer.id,
        points: 120,
        balance: 1120,
        status: "available",
        event_id: eventId,
      })
      const linkChat = async (who: Shopper, chatId: number) => {
        const { token } = await linkOf(who)
        await webhook(textUpdate(chatId, `/start ${token}`))
        expect((await status(who)).linked).toBe(true)
      }

      it("links a chat through the store's deep link and /start, and sends an order's points_earned there once however often it arrives", async () => {
        const points = clientOf(shopper)
        const before = await points.telegram.status()
        expectShape("StoreLoyaltyTelegramResponse", before)
        expect(before).toEqual({ available: true, linked: false, linked_at: null })

        const link = await points.telegram.link()
        expectShape("StoreLoyaltyTelegramLinkResponse", link)
        expect(link.url).toMatch(new RegExp(`^https://t\\.me/${BOT_USERNAME}\\?start=[A-Za-z0-9_-]{32}$`))
        const minutesLeft = (new Date(link.expires_at).getTime() - Date.now()) / 60_000
        expect(minutesLeft).toBeGreaterThan(55)
        expect(minutesLeft).toBeLessThanOrEqual(60)
        const token = new URL(link.url).searchParams.get("start")!
        // Only the token's hash is stored.
        const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        const rows = await knex("loyalty_telegram_link_token").where({ customer_id: shopper.customer.id })
        expect(rows).toHaveLength(1)
        expect(JSON.stringify(rows)).not.toContain(token)

        const start = textUpdate(555001, `/start ${token}`)
        expect((await webhook(start)).status).toBe(200)
        // The same update delivered again: no failure, nothing doubled.
        expect((await webhook(start)).status).toBe(200)
        expect(repliesTo(555001)).toEqual([expect.stringMatching(/^Done: this chat now gets your loyalty messages/), expect.stringMatching(/^Done:/)])
        expect(await knex("loyalty_telegram_link")).toEqual([expect.objectContaining({ customer_id: shopper.customer.id, chat_id: "555001" })])

        const linked = await points.telegram.status()
        expectShape("StoreLoyaltyTelegramResponse", linked)
        expect(linked).toEqual({ available: true, linked: true, linked_at: expect.any(String) })

        await api.post("/admin/loyalty/program", { earn_percent: 10, notifications: POINTS_EARNED_ON_TELEGRAM }, admin)
        botApi.sent = []
        const order = await afterHandled(getContainer(), ["order.placed"], () =>
          placeOrder(api, fixture, shopper.headers, { currency: "eur", items: [{ variant: "shirt", quantity: 1 }] })
        )
        const [earned] = recorder.events.filter((event) => event.name === "loyalty.points_earned")
        expect(earned.data).toMatchObject({ order_id: order.id, points: 500 })
        await emitOnBus(getContainer(), earned.name, earned.data, 3, "concurrent")
        await emitOnBus(getContainer(), earned.name, earned.data, 1, "serial")

        const sent = await telegramNotifications()
        expect(sent).toEqual([
          expect.objectContaining({ to: "555001", channel: "telegram", template: "loyalty-points-earned", receiver_id: shopper.customer.id, status: "success" }),
        ])
        expect(botApi.sent).toEqual([
          { token: BOT_TOKEN, chat_id: "555001", text: expect.stringContaining(`You earned 500 points on order #${order.display_id}.`) },
        ])
        expect(botApi.sent[0].text).toMatch(/^Hello Sam,/)
      })

      it("refuses an update without the right secret token with 401 and changes nothing", async () => {
        const { token } = await linkOf(shopper)
        for (const secret of [null, "", "wrong-secret-0123456789abcdef", `${SECRET}x`, SECRET.slice(0, -1)]) {
          const refused = await errorOf(webhook(textUpdate(555002, `/start ${token}`), secret))
          expect(refused).toMatchObject({ status: 401, type: "unauthorized" })
        }
        expect(botApi.sent).toEqual([])
        expect(await status(shopper)).toMatchObject({ linked: false })
        // The token is still unused: the right secret links with it.
        await webhook(textUpdate(555002, `/start ${token}`))
        expect(await status(shopper)).toMatchObject({ linked: true })
      })

      it("refuses a used token, an expired one and one that was never given, binding nothing", async () => {
        const other = await createShopper(getContainer(), fixture.publishableKey)
        const { token } = await linkOf(shopper)
        await webhook(textUpdate(555003, `/start ${token}`))
        expect(await status(shopper)).toMatchObject({ linked: true })

        // Reused from another chat: refused, the first chat stays the shopper's.
        await webhook(textUpdate(555004, `/start ${token}`))
        expect(repliesTo(555004)).toEqual([expect.stringMatching(/already been used/)])
        const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        expect(await knex("loyalty_telegram_link")).toEqual([expect.objectContaining({ customer_id: shopper.customer.id, chat_id: "555003" })])

        // Expired: an hour after it was made.
        const expiring = await linkOf(other)
        await knex("loyalty_telegram_link_token").where({ customer_id: other.customer.id }).update({ expires_at: new Date(Date.now() - 60_000) })
        await webhook(textUpdate(555005, `/start ${expiring.token}`, "ru"))
        expect(repliesTo(555005)).toEqual([expect.stringMatching(/^Срок действия ссылки истёк/)])

        // Never given, and an older link once a newer one was asked for.
        await webhook(textUpdate(555005, `/start ${"x".repeat(32)}`))
        const older = await linkOf(other)
        await linkOf(other)
        await webhook(textUpdate(555005, `/start ${older.token}`))
        expect(repliesTo(555005).slice(1)).toEqual([expect.stringMatching(/not valid/), expect.stringMatching(/not valid/)])
        expect(await status(other)).toMatchObject({ linked: false })
        expect(await knex("loyalty_telegram_link")).toHaveLength(1)
      })

      it("answers /balance with the figures of GET /store/loyalty/account, in the shopper's language, and helps an unlinked chat", async () => {
        await adjust(shopper, 1000, 30)
        await adjust(shopper, 250)
        // Points held for a cart: the balance stays, what can be spent drops.
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        await api.post(`/store/carts/${cart.id}/loyalty-points`, { points: 200 }, shopper.headers)
        await linkChat(shopper, 555006)
        const { account } = (await api.get("/store/loyalty/account", shopper.headers)).data
        const { time_zone } = (await api.get("/admin/loyalty/program", admin)).data.program
        const [next] = account.expiring
        expect(next).toMatchObject({ points: 1000 })
        const day = (locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: time_zone }).format(new Date(next.expires_at))

        await webhook(textUpdate(555006, "/balance"))
        await webhook(textUpdate(555006, "/balance@shop_points_bot", "ru-RU"))
        expect(repliesTo(555006).slice(1)).toEqual([
          `Balance: ${account.balance} points, ${account.spendable} to spend now.\nNext expiry: ${next.points} points on ${day("en")}.`,
          `Баланс: ${account.balance} баллов, доступно сейчас: ${account.spendable}.\nБлижайшее сгорание: ${day("ru")}, ${next.points} баллов.`,
        ])
        expect(account).toMatchObject({ balance: 1250, reserved: 200, spendable: 1050 })

        await webhook(textUpdate(555007, "/balance"))
        await webhook(textUpdate(555007, "/start"))
        expect(repliesTo(555007)).toEqual([expect.stringMatching(/is not linked/), expect.stringMatching(/^To link this chat/)])
      })

      it("ignores updates that are not text messages in a private chat with 200, and refuses bad input to the store routes with 4xx", async () => {
        const ignored = [
          { update_id: 1, edited_message: { chat: { id: 1, type: "private" }, text: "/balance" } },
          { update_id: 2, message: { chat: { id: 1, type: "private" }, sticker: { file_id: "x" } } },
          { update_id: 3, message: { chat: { id: -100, type: "group" }, text: "/balance" } },
          { nothing: true },
        ]
        for (const update of ignored) {
          const answer = await webhook(update)
          expect(answer.status).toBe(200)
          expect(answer.data).toEqual({ ok: true, handled: false })
        }
        expect(botApi.sent).toEqual([])

        const extra = await errorOf(api.post("/store/loyalty/telegram/link", { chat_id: 1 }, shopper.headers))
        expect(extra).toMatchObject({ status: 400, type: "invalid_data" })
        expect(extra.message).toMatch(/chat_id/)
        expect(await errorOf(api.get("/store/loyalty/telegram?linked=true", shopper.headers))).toMatchObject({ status: 400 })
        const guest = { headers: { "x-publishable-api-key": fixture.publishableKey } }
        expect(await errorOf(api.post("/store/loyalty/telegram/link", {}, guest))).toMatchObject({ status: 401 })
        expect(await errorOf(api.get("/store/loyalty/telegram", guest))).toMatchObject({ status: 401 })
        expect(await errorOf(api.delete("/store/loyalty/telegram", guest))).toMatchObject({ status: 401 })
      })

      it("unlinks with /stop and with DELETE, after which the shopper's events are skipped; an unlinked shopper's too", async () => {
        const second = await createShopper(getContainer(), fixture.publishableKey)
        const never = await createShopper(getContainer(), fixture.publishableKey)
        // Accounts for all three: an event is skipped for want of a chat, not of an account.
        for (const who of [shopper, second, never]) await adjust(who, 100)
        await linkChat(shopper, 555008)
        await linkChat(second, 555009)
        await api.post("/admin/loyalty/program", { notifications: POINTS_EARNED_ON_TELEGRAM }, admin)

        await webhook(textUpdate(555008, "/stop"))
        expect(repliesTo(555008).at(-1)).toMatch(/^This chat is unlinked/)
        expect(await status(shopper)).toMatchObject({ linked: false, linked_at: null })
        const unlinked = await clientOf(second).telegram.unlink()
        expectShape("StoreLoyaltyTelegramResponse", unlinked)
        expect(unlinked).toEqual({ available: true, linked: false, linked_at: null })
        await webhook(textUpdate(555009, "/balance"))
        expect(repliesTo(555009).at(-1)).toMatch(/is not linked/)

        botApi.sent = []
        for (const [who, id] of [[shopper, "lyevt_stopped"], [second, "lyevt_deleted"], [never, "lyevt_never"]] as const) {
          await emitOnBus(getContainer(), "loyalty.points_earned", pointsEarned(who, id), 1, "serial")
        }
        expect(botApi.sent).toEqual([])
        expect(await telegramNotifications()).toEqual([])

        // Linked again, the next event reaches the chat.
        await linkChat(shopper, 555008)
        botApi.sent = []
        await emitOnBus(getContainer(), "loyalty.points_earned", pointsEarned(shopper, "lyevt_again"), 1, "serial")
        expect(botApi.sent).toEqual([expect.objectContaining({ chat_id: "555008", text: expect.stringContaining("You earned 120 points.") })])
      })

      it("marks the notification failed when the shopper blocked the bot, and unlinks that chat", async () => {
        await adjust(shopper, 100)
        await linkChat(shopper, 555010)
        await api.post("/admin/loyalty/program", { notifications: POINTS_EARNED_ON_TELEGRAM }, admin)
        botApi.blocked.add("555010")
        await emitOnBus(getContainer(), "loyalty.points_earned", pointsEarned(shopper, "lyevt_blocked"), 1, "serial")
        expect(await telegramNotifications()).toEqual([expect.objectContaining({ to: "555010", status: "failure" })])
        expect(await status(shopper)).toMatchObject({ linked: false })

        // Telegram's own word that the bot was blocked unlinks too.
        botApi.blocked.clear()
        await linkChat(shopper, 555011)
        const kicked = await webhook({
          update_id: ++updateId,
          my_chat_member: {
            chat: { id: 555011, type: "private" },
            from: { id: 555011, is_bot: false, first_name: "Sam" },
            date: 0,
            old_chat_member: { status: "member", user: { id: 1, is_bot: true } },
            new_chat_member: { status: "kicked", user: { id: 1, is_bot: true }, until_date: 0 },
          },
        })
        expect(kicked.data).toEqual({ ok: true, handled: true })
        expect(await status(shopper)).toMatchObject({ linked: false })
      })

      it("keeps one chat per shopper and one shopper per chat: a new link moves it", async () => {
        const second = await createShopper(getContainer(), fixture.publishableKey)
        await linkChat(shopper, 555012)
        await linkChat(shopper, 555013)
        await linkChat(second, 555013)
        const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        expect(await knex("loyalty_telegram_link").select("customer_id", "chat_id")).toEqual([{ customer_id: second.customer.id, chat_id: "555013" }])
        expect(await status(shopper)).toMatchObject({ linked: false })
      })

      it("at once: two link requests leave one working link, one token sent twice binds once, two shoppers' links to one chat end with one", async () => {
        const second = await createShopper(getContainer(), fixture.publishableKey)
        const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        // A double click on "Link Telegram": only one token is left to work.
        await Promise.all([linkOf(shopper), linkOf(shopper)])
        expect(await knex("loyalty_telegram_link_token").where({ customer_id: shopper.customer.id, used_at: null })).toHaveLength(1)

        // The same /start from two chats at once: one binds, the other is told the link was used.
        const { token } = await linkOf(shopper)
        const answers = await Promise.all([webhook(textUpdate(555020, `/start ${token}`)), webhook(textUpdate(555021, `/start ${token}`))])
        expect(answers.map((answer) => answer.status)).toEqual([200, 200])
        const links = await knex("loyalty_telegram_link").where({ customer_id: shopper.customer.id })
        expect(links).toHaveLength(1)
        const loser = links[0].chat_id === "555020" ? 555021 : 555020
        expect(repliesTo(loser)).toEqual([expect.stringMatching(/already been used/)])

        // Two shoppers bind one chat at once: no error, and the chat is one shopper's.
        const [a, b] = await Promise.all([linkOf(shopper), linkOf(second)])
        const bound = await Promise.all([webhook(textUpdate(555022, `/start ${a.token}`)), webhook(textUpdate(555022, `/start ${b.token}`))])
        expect(bound.map((answer) => answer.status)).toEqual([200, 200])
        expect(await knex("loyalty_telegram_link").where({ chat_id: "555022" })).toHaveLength(1)
      })
    })
  },
})
