import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { NOTIFIED_EVENTS } from "../../src/lib/notifications"
import { createAdmin, createPublishableKey } from "../helpers/auth"
import { errorOf } from "../helpers/http-error"
import { expectLedgerInvariants } from "../helpers/invariants"
import { afterHandled, emitOnBus, loyaltyEventRecorder } from "../helpers/loyalty-events"
import { createLoyaltyStore } from "../helpers/loyalty-store"
import { waitForQuiet } from "../helpers/quiet"
import { registerShopper } from "../helpers/register"
import { placeOrder, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(240_000)

/** Every shopper-facing event on the local provider's feed, with the plugin's own template names. */
const ALL_ON_FEED = Object.fromEntries(
  NOTIFIED_EVENTS.map((event) => [event, { channel: "feed", template: `loyalty-${event.replace(/_/g, "-")}` }])
)

/** The keys every notification's data has; an event fills in its own. */
const NONE = {
  order_display_id: null,
  available_at: null,
  expires_at: null,
  status: null,
  reason: null,
  bonus: null,
  tier: null,
  from_tier: null,
  next_tier: null,
  points_to_next_tier: null,
  party: null,
  bonus_points: null,
  winback_days: null,
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("notifications", () => {
      let admin: { headers: Record<string, string> }
      let fixture: StoreFixture
      let shopper: { customer: { id: string; email: string }; headers: { headers: Record<string, string> } }
      const recorder = loyaltyEventRecorder(getContainer)

      beforeEach(async () => {
        ;({ admin, fixture, shopper } = await createLoyaltyStore(getContainer(), api))
        recorder.start()
      })

      afterEach(async () => {
        recorder.stop()
        await expectLedgerInvariants(getContainer())
      })

      const setProgram = (program: Record<string, unknown>) => api.post("/admin/loyalty/program", program, admin)
      const feed = async () => {
        await waitForQuiet(getContainer())
        return getContainer().resolve(Modules.NOTIFICATION).listNotifications({ channel: "feed" }, { order: { created_at: "ASC" } })
      }
      const adjust = (points: number) =>
        api.post(`/admin/customers/${shopper.customer.id}/loyalty/adjustments`, { points, reason: "Test" }, admin)
      const accountId = async () => (await api.get("/store/loyalty/account", shopper.headers)).data.account.id as string

      /** Each event as the outbox delivers it (its ledger statement's data, with event_id), for the shopper. */
      const outboxEvents = (account_id: string) => {
        const customer_id = shopper.customer.id
        return [
          { name: "loyalty.points_available", data: { account_id, customer_id, points: 300, balance: 1300, transaction_ids: ["lytx_1"], event_id: "lyevt_available" } },
          {
            name: "loyalty.points_expiring",
            data: { reason: "expiry", account_id, customer_id, points: 40, expires_at: "2027-01-15T00:00:00.000Z", lots: [], event_id: "lyevt_expiring" },
          },
          { name: "loyalty.points_expired", data: { account_id, customer_id, points: 50, lots: 1, balance: 950, event_id: "lyevt_expired" } },
          {
            name: "loyalty.bonus_granted",
            data: { account_id, customer_id, bonus: "birthday_bonus", points: 200, expires_at: "2027-02-01T00:00:00.000Z", transaction_id: "lytx_2", event_id: "lyevt_bonus" },
          },
          {
            name: "loyalty.tier_changed",
            data: {
              account_id,
              customer_id,
              points: 700,
              from_tier: null,
              tier: { id: "lytier_1", name: "Silver", multiplier: 1.5 },
              next_tier: { id: "lytier_2", name: "Gold", points_to_next: 300 },
              event_id: "lyevt_tier",
            },
          },
          {
            name: "loyalty.referral_rewarded",
            data: {
              referral_id: "lyref_1",
              order_id: "order_of_a_friend",
              party: "referrer",
              account_id,
              customer_id,
              points: 150,
              status: "pending",
              available_at: "2027-01-10T00:00:00.000Z",
              transaction_id: "lytx_3",
              event_id: "lyevt_referral",
            },
          },
          {
            name: "loyalty.winback",
            data: { account_id, customer_id, points: 1000, balance: 1000, expires_at: "2027-03-01T00:00:00.000Z", bonus_points: 100, winback_days: 30, event_id: "lyevt_winback" },
          },
        ]
      }

      it("sends an order's points_earned to the shopper's feed with the points, balance, order and money, once however often it arrives", async () => {
        await setProgram({ earn_percent: 10, notifications: { points_earned: ALL_ON_FEED.points_earned } })
        await adjust(1000)
        const order = await afterHandled(getContainer(), ["order.placed"], () =>
          placeOrder(api, fixture, shopper.headers, { currency: "eur", items: [{ variant: "shirt", quantity: 1 }] })
        )
        const [earned] = recorder.events.filter((event) => event.name === "loyalty.points_earned")
        expect(earned.data).toMatchObject({ order_id: order.id, points: 500, status: "pending" })
        // The outbox's own delivery sent it.
        expect(await feed()).toHaveLength(1)

        await emitOnBus(getContainer(), earned.name, earned.data, 3, "concurrent")
        await emitOnBus(getContainer(), earned.name, earned.data, 1, "serial")

        const sent = await feed()
        expect(sent).toEqual([
          expect.objectContaining({
            to: shopper.customer.email,
            channel: "feed",
            template: "loyalty-points-earned",
            receiver_id: shopper.customer.id,
            idempotency_key: `loyalty-points-earned:${earned.data.event_id}`,
            data: {
              ...NONE,
              event: "points_earned",
              first_name: "Sam",
              points: 500,
              balance: 1000,
              currency_code: "eur",
              point_value: "€0.01",
              points_value: "€5.00",
              balance_value: "€10.00",
              order_display_id: order.display_id,
              status: "pending",
              available_at: earned.data.available_at,
            },
          }),
        ])
      })

      it("sends every other shopper-facing event with its own data, and nothing for an event the setting leaves out", async () => {
        await setProgram({ notifications: Object.fromEntries(Object.entries(ALL_ON_FEED).filter(([name]) => name !== "points_expired")) })
        await adjust(1000)
        const events = outboxEvents(await accountId())
        await emitOnBus(getContainer(), "loyalty.points_available", events[0].data, 1, "serial")
        for (const event of events.slice(1)) {
          await emitOnBus(getContainer(), event.name, event.data, 2, "concurrent")
        }

        const sent = await feed()
        const byTemplate = Object.fromEntries(sent.map((notification: any) => [notification.template, notification]))
        expect(Object.keys(byTemplate).sort()).toEqual([
          "loyalty-bonus-granted",
          "loyalty-points-available",
          "loyalty-points-expiring",
          "loyalty-referral-rewarded",
          "loyalty-tier-changed",
          "loyalty-winback",
        ])
        expect(sent).toHaveLength(6)
        for (const notification of sent) {
          expect(notification).toMatchObject({ to: shopper.customer.email, receiver_id: shopper.customer.id, channel: "feed" })
        }
        const common = { ...NONE, first_name: "Sam", currency_code: "eur", point_value: "€0.01" }
        expect(byTemplate["loyalty-points-available"].data).toEqual({
          ...common, event: "points_available", points: 300, balance: 1300, points_value: "€3.00", balance_value: "€13.00",
        })
        expect(byTemplate["loyalty-points-expiring"].data).toEqual({
          ...common, event: "points_expiring", points: 40, balance: 1000, points_value: "€0.40", balance_value: "€10.00",
          expires_at: "2027-01-15T00:00:00.000Z", reason: "expiry",
        })
        expect(byTemplate["loyalty-bonus-granted"].data).toEqual({
          ...common, event: "bonus_granted", points: 200, balance: 1000, points_value: "€2.00", balance_value: "€10.00",
          bonus: "birthday_bonus", expires_at: "2027-02-01T00:00:00.000Z",
        })
        expect(byTemplate["loyalty-tier-changed"].data).toEqual({
          ...common, event: "tier_changed", points: 700, balance: 1000, points_value: "€7.00", balance_value: "€10.00",
          tier: "Silver", next_tier: "Gold", points_to_next_tier: 300,
        })
        // A friend's order: not the shopper's, so no display id.
        expect(byTemplate["loyalty-referral-rewarded"].data).toEqual({
          ...common, event: "referral_rewarded", points: 150, balance: 1000, points_value: "€1.50", balance_value: "€10.00",
          party: "referrer", status: "pending", available_at: "2027-01-10T00:00:00.000Z",
        })
        expect(byTemplate["loyalty-winback"].data).toEqual({
          ...common, event: "winback", points: 1000, balance: 1000, points_value: "€10.00", balance_value: "€10.00",
          expires_at: "2027-03-01T00:00:00.000Z", bonus_points: 100, winback_days: 30,
        })
      })

      it("sends nothing to a shopper who turned loyalty messages off, and again once they turn them on", async () => {
        await setProgram({ notifications: ALL_ON_FEED })
        await adjust(1000)
        const { data } = await api.post("/store/loyalty/account", { notifications_opt_out: true }, shopper.headers)
        expect(data.account.notifications_opt_out).toBe(true)
        const events = outboxEvents(await accountId())
        for (const event of events) {
          await emitOnBus(getContainer(), event.name, event.data, 1, "serial")
        }
        expect(await feed()).toEqual([])

        await api.post("/store/loyalty/account", { notifications_opt_out: false }, shopper.headers)
        await emitOnBus(getContainer(), events[3].name, events[3].data, 1, "serial")
        expect((await feed()).map((notification: any) => notification.template)).toEqual(["loyalty-bonus-granted"])
      })

      it("sends nothing by default, and a real welcome bonus once the store switches bonus_granted on", async () => {
        const container = getContainer()
        const publishableKey = await createPublishableKey(container)
        await setProgram({ welcome_bonus: { points: 500, expiry_days: 0 } })
        await registerShopper(api, container, publishableKey)
        expect(await feed()).toEqual([])

        await setProgram({ notifications: { bonus_granted: { channel: "feed", template: "loyalty-bonus-granted" } } })
        const newcomer = await registerShopper(api, container, publishableKey)
        const sent = await feed()
        expect(sent).toEqual([
          expect.objectContaining({
            to: newcomer.customer.email,
            receiver_id: newcomer.customer.id,
            data: expect.objectContaining({ event: "bonus_granted", first_name: "Nina", points: 500, balance: 500, bonus: "welcome_bonus", expires_at: null }),
          }),
        ])
      })

      it("refuses a notifications setting or an opt-out it cannot use with 400 naming the field, and changes nothing", async () => {
        await setProgram({ notifications: { points_earned: ALL_ON_FEED.points_earned } })
        const unknown = await errorOf(setProgram({ notifications: { points_redeemed: { channel: "feed", template: "x" } } }))
        expect(unknown).toMatchObject({ status: 400 })
        expect(unknown.message).toContain("points_redeemed")
        const blank = await errorOf(setProgram({ notifications: { points_earned: { channel: "", template: "x" } } }))
        expect(blank).toMatchObject({ status: 400 })
        expect(blank.message).toContain("channel")
        expect((await api.get("/admin/loyalty/program", admin)).data.program.notifications).toEqual({
          points_earned: ALL_ON_FEED.points_earned,
        })

        const optOut = await errorOf(api.post("/store/loyalty/account", { notifications_opt_out: "yes" }, shopper.headers))
        expect(optOut).toMatchObject({ status: 400 })
        expect(optOut.message).toContain("notifications_opt_out")
        expect((await api.get("/store/loyalty/account", shopper.headers)).data.account.notifications_opt_out).toBe(false)
      })
    })
  },
})
