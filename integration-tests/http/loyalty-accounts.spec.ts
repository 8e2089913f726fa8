import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { createAdmin, createPublishableKey, createShopper, storeHeaders } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"
import { waitForQuiet, watchEventBus } from "../helpers/quiet"
import { errorOf } from "../helpers/http-error"

jest.setTimeout(120_000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("loyalty accounts over HTTP", () => {
      let admin: { headers: Record<string, string> }
      let publishableKey: string
      let shopper: Awaited<ReturnType<typeof createShopper>>
      let loyalty: LoyaltyModuleService

      beforeEach(async () => {
        const container = getContainer()
        watchEventBus(container)
        admin = { headers: (await createAdmin(container)).headers }
        publishableKey = await createPublishableKey(container)
        shopper = await createShopper(container, publishableKey)
        loyalty = container.resolve(LOYALTY_MODULE)
      })

      afterEach(async () => {
        await expectLedgerInvariants(getContainer())
      })

      const adjust = (customerId: string, body: Record<string, unknown>) =>
        api.post(`/admin/customers/${customerId}/loyalty/adjustments`, body, admin)


      describe("GET /store/loyalty/program", () => {
        it("shows the public program settings to any storefront", async () => {
          const { data } = await api.get("/store/loyalty/program", storeHeaders(publishableKey))
          expect(data.program).toMatchObject({
            enabled: true,
            earn_percent: 5,
            max_redeem_percent: 30,
            tiers: [],
            campaigns: [],
          })
          expect(data.program).not.toHaveProperty("allow_negative_balance")
        })

        it("needs a publishable key", async () => {
          expect((await errorOf(api.get("/store/loyalty/program"))).status).toBe(400)
        })
      })

      describe("GET /store/loyalty/account", () => {
        it("answers 401 when no shopper is logged in", async () => {
          const error = await errorOf(api.get("/store/loyalty/account", storeHeaders(publishableKey)))
          expect(error.status).toBe(401)
        })

        it("answers 401 to an admin token", async () => {
          const error = await errorOf(
            api.get("/store/loyalty/account", {
              headers: { ...admin.headers, "x-publishable-api-key": publishableKey },
            })
          )
          expect(error.status).toBe(401)
        })

        it("shows a zero account before the shopper has any points", async () => {
          const { data } = await api.get("/store/loyalty/account", shopper.headers)
          expect(data.account).toMatchObject({
            customer_id: shopper.customer.id,
            balance: 0,
            pending: 0,
            reserved: 0,
            expiring: [],
          })
        })

        it("shows the shopper's own balance, pending points and next expiries", async () => {
          const other = await createShopper(getContainer(), publishableKey)
          await loyalty.credit({
            customer_id: other.customer.id,
            type: "bonus",
            status: "available",
            points: 999,
            idempotency_key: "bonus:other",
          })
          const soon = new Date(Date.now() + 3 * 86_400_000)
          await loyalty.credit({
            customer_id: shopper.customer.id,
            type: "bonus",
            status: "available",
            points: 300,
            expires_at: soon,
            idempotency_key: "bonus:mine",
          })
          await loyalty.credit({
            customer_id: shopper.customer.id,
            type: "earn",
            status: "pending",
            points: 40,
            order_id: "order_1",
            idempotency_key: "earn:order_1",
          })

          const { data } = await api.get("/store/loyalty/account", shopper.headers)
          expect(data.account).toMatchObject({
            balance: 300,
            pending: 40,
            spendable: 300,
            lifetime_earned: 340,
            expiring: [{ points: 300, expires_at: soon.toISOString() }],
          })
        })

        it("rejects unknown query parameters", async () => {
          const error = await errorOf(api.get("/store/loyalty/account?customer_id=cus_x", shopper.headers))
          expect(error.status).toBe(400)
          expect(error.message).toMatch(/customer_id/)
        })
      })

      describe("GET /store/loyalty/account/transactions", () => {
        it("lists only the shopper's own ledger, newest first, paginated", async () => {
          const other = await createShopper(getContainer(), publishableKey)
          await loyalty.credit({
            customer_id: other.customer.id,
            type: "bonus",
            status: "available",
            points: 5,
            idempotency_key: "bonus:other-list",
          })
          for (const points of [10, 20, 30]) {
            await loyalty.credit({
              customer_id: shopper.customer.id,
              type: "bonus",
              status: "available",
              points,
              idempotency_key: `bonus:list:${points}`,
            })
          }

          const { data } = await api.get(
            "/store/loyalty/account/transactions?limit=2&offset=0",
            shopper.headers
          )
          expect(data).toMatchObject({ count: 3, limit: 2, offset: 0 })
          expect(data.transactions.map((t: any) => t.points)).toEqual([30, 20])
          expect(data.transactions[0]).not.toHaveProperty("idempotency_key")

          const next = await api.get("/store/loyalty/account/transactions?limit=2&offset=2", shopper.headers)
          expect(next.data.transactions.map((t: any) => t.points)).toEqual([10])
        })

        it("shows each row as the shopper should see it, and keeps the details, reason and author for the admin", async () => {
          const order = await getContainer()
            .resolve(Modules.ORDER)
            .createOrders({ currency_code: "eur", customer_id: shopper.customer.id, email: shopper.customer.email })
          const details = { earn_percent: 5, rule_ids: ["lyrule_private"], customer_group_ids: ["cusgrp_vip"], campaign_ids: ["lycamp_black_friday"] }
          const availableAt = new Date(Date.now() + 14 * 86_400_000)
          await loyalty.credit({
            customer_id: shopper.customer.id,
            type: "earn",
            status: "pending",
            points: 40,
            order_id: order.id,
            available_at: availableAt,
            details,
            reason: `Order ${order.id}`,
            idempotency_key: "earn:described",
          })
          await loyalty.credit({
            customer_id: shopper.customer.id,
            type: "bonus",
            status: "available",
            points: 100,
            details: { bonus: "welcome_bonus" },
            reason: "Welcome bonus",
            idempotency_key: "bonus:described",
          })
          await adjust(shopper.customer.id, { points: 25, reason: "Goodwill: shopper shouted at the courier" })
          await loyalty.debit({
            customer_id: shopper.customer.id,
            type: "redeem",
            points: 30,
            order_id: order.id,
            idempotency_key: "redeem:described",
          })

          const { data } = await api.get("/store/loyalty/account/transactions", shopper.headers)
          expect(data.count).toBe(4)
          const byType = Object.fromEntries(data.transactions.map((row: any) => [row.type, row]))
          for (const row of data.transactions) {
            expect(Object.keys(row).sort()).toEqual(
              ["available_at", "created_at", "description", "expires_at", "id", "order", "order_id", "points", "remaining", "status", "type"]
            )
          }
          expect(byType.earn).toMatchObject({
            points: 40,
            status: "pending",
            available_at: availableAt.toISOString(),
            order: { id: order.id, display_id: order.display_id },
            description: `Earned on order #${order.display_id}`,
          })
          expect(byType.redeem).toMatchObject({ points: -30, description: `Paid for order #${order.display_id}` })
          expect(byType.bonus).toMatchObject({ points: 100, order: null, description: "Welcome bonus" })
          expect(byType.adjust).toMatchObject({ points: 25, description: "Adjustment" })
          expect(JSON.stringify(data)).not.toMatch(/lyrule_private|cusgrp_vip|lycamp_black_friday|Goodwill|user_/)

          const admin_ = await api.get(`/admin/customers/${shopper.customer.id}/loyalty/transactions`, admin)
          const adminByType = Object.fromEntries(admin_.data.transactions.map((row: any) => [row.type, row]))
          expect(adminByType.earn).toMatchObject({
            details,
            reason: `Order ${order.id}`,
            idempotency_key: "earn:described",
            order: { id: order.id, display_id: order.display_id },
          })
          expect(adminByType.bonus).toMatchObject({ order: null })
          expect(adminByType.adjust).toMatchObject({ reason: "Goodwill: shopper shouted at the courier" })
          expect(adminByType.adjust.created_by).toMatch(/^user_/)
        })

        it("answers 401 when logged out and 400 for a bad limit", async () => {
          expect(
            (await errorOf(api.get("/store/loyalty/account/transactions", storeHeaders(publishableKey)))).status
          ).toBe(401)
          const error = await errorOf(api.get("/store/loyalty/account/transactions?limit=0", shopper.headers))
          expect(error.status).toBe(400)
          expect(error.message).toMatch(/limit/)
        })
      })

      describe("admin account routes", () => {
        it("need an admin", async () => {
          const id = shopper.customer.id
          // One at a time: a request made before the previous is awaited rejects unhandled.
          const requests = [
            () => api.get(`/admin/customers/${id}/loyalty`),
            () => api.get(`/admin/customers/${id}/loyalty/transactions`),
            () => api.post(`/admin/customers/${id}/loyalty/adjustments`, { points: 5, reason: "x" }),
            () =>
              api.get(`/admin/customers/${id}/loyalty`, { headers: { authorization: shopper.headers.headers.authorization } }),
            () => api.get("/admin/loyalty/program"),
            () => api.post("/admin/loyalty/program", { earn_percent: 1 }),
          ]
          for (const request of requests) {
            expect((await errorOf(request())).status).toBe(401)
          }
          expect(await loyalty.listLoyaltyTransactions({})).toHaveLength(0)
          expect((await loyalty.getProgramSettings()).earn_percent).toBe(5)
        })

        it("answer 404 for an unknown customer and write nothing", async () => {
          for (const request of [
            () => api.get("/admin/customers/cus_missing/loyalty", admin),
            () => api.get("/admin/customers/cus_missing/loyalty/transactions", admin),
            () => adjust("cus_missing", { points: 10, reason: "Goodwill" }),
          ]) {
            const error = await errorOf(request())
            expect(error.status).toBe(404)
            expect(error.message).toMatch(/cus_missing/)
          }
          expect(await loyalty.listLoyaltyAccounts({})).toHaveLength(0)
        })

        it("show a customer's account and full ledger", async () => {
          await adjust(shopper.customer.id, { points: 250, reason: "Welcome gift" })
          const { data } = await api.get(`/admin/customers/${shopper.customer.id}/loyalty`, admin)
          expect(data.account).toMatchObject({ balance: 250, customer_id: shopper.customer.id })

          const list = await api.get(`/admin/customers/${shopper.customer.id}/loyalty/transactions`, admin)
          expect(list.data.count).toBe(1)
          expect(list.data.transactions[0]).toMatchObject({
            type: "adjust",
            points: 250,
            reason: "Welcome gift",
          })
          expect(list.data.transactions[0].created_by).toMatch(/^user_/)
        })
      })

      describe("POST /admin/customers/:id/loyalty/adjustments", () => {
        it("credits points with an expiry and shows the new balance", async () => {
          const { status, data } = await adjust(shopper.customer.id, {
            points: 500,
            reason: "Apology for a late delivery",
            expires_in_days: 30,
          })
          expect(status).toBe(201)
          expect(data.transaction).toMatchObject({ type: "adjust", points: 500, remaining: 500 })
          const expiresIn = new Date(data.transaction.expires_at).getTime() - Date.now()
          expect(Math.round(expiresIn / 86_400_000)).toBe(30)
          expect(data.account).toMatchObject({ balance: 500 })

          const mine = await api.get("/store/loyalty/account", shopper.headers)
          expect(mine.data.account.balance).toBe(500)
        })

        it("debits points but never below what the shopper can spend", async () => {
          await adjust(shopper.customer.id, { points: 100, reason: "Gift" })
          const { data } = await adjust(shopper.customer.id, { points: -40, reason: "Correction" })
          expect(data.account.balance).toBe(60)

          const error = await errorOf(adjust(shopper.customer.id, { points: -61, reason: "Too much" }))
          expect(error.status).toBe(400)
          expect(error.message).toBe("Not enough points: 61 requested, 60 available")
          expect((await loyalty.listLoyaltyTransactions({})).length).toBe(2)
        })

        it("credits once when the same idempotency key is sent twice", async () => {
          const body = { points: 75, reason: "Double click", idempotency_key: "click-1" }
          const first = await adjust(shopper.customer.id, body)
          const second = await adjust(shopper.customer.id, body)
          expect([first.status, second.status]).toEqual([201, 200])
          expect(second.data.transaction).toEqual(first.data.transaction)
          expect(second.data.account.balance).toBe(75)
          await waitForQuiet(getContainer())
          expect(await loyalty.listLoyaltyTransactions({})).toHaveLength(1)
        })

        it("refuses a reused idempotency key with other points (409)", async () => {
          await adjust(shopper.customer.id, { points: 75, reason: "First", idempotency_key: "k" })
          const error = await errorOf(adjust(shopper.customer.id, { points: 80, reason: "Other", idempotency_key: "k" }))
          expect(error.status).toBe(409)
          expect(error.type).toBe("conflict")
          expect((await loyalty.listLoyaltyTransactions({})).map((t) => t.points)).toEqual([75])
        })

        const badBodies: [string, Record<string, unknown>, RegExp][] = [
          ["non-integer points", { points: 1.5, reason: "x" }, /points/],
          ["zero points", { points: 0, reason: "x" }, /points/],
          ["2^53 points", { points: 2 ** 53, reason: "x" }, /points/],
          ["points as a string", { points: "10", reason: "x" }, /points/],
          ["a missing reason", { points: 10 }, /reason/],
          ["a blank reason", { points: 10, reason: "   " }, /reason/],
          ["an unknown field", { points: 10, reason: "x", bonus: true }, /bonus/],
          ["a negative expiry", { points: 10, reason: "x", expires_in_days: -1 }, /expires_in_days/],
        ]
        it.each(badBodies)("answers 400 naming the field for %s, and writes nothing", async (_, body, field) => {
          const error = await errorOf(adjust(shopper.customer.id, body))
          expect(error.status).toBe(400)
          expect(error.type).toBe("invalid_data")
          expect(error.message).toMatch(field)
          expect(await loyalty.listLoyaltyTransactions({})).toHaveLength(0)
          expect(await loyalty.listLoyaltyAccounts({})).toHaveLength(0)
        })
      })

      describe("GET|POST /admin/loyalty/program", () => {
        it("shows every setting with its defaults", async () => {
          const { data } = await api.get("/admin/loyalty/program", admin)
          expect(data.program).toEqual({
            enabled: true,
            earn_percent: 5,
            point_values: expect.any(Object),
            max_redeem_percent: 30,
            min_redeem_points: 0,
            pending_days: 14,
            expiry_days: 365,
            expiry_warning_days: 14,
            allow_negative_balance: true,
            earn_on_shipping: false,
            earn_on_tax: false,
            reservation_ttl_hours: 24,
            inactivity_days: 0,
            welcome_bonus: null,
            birthday_bonus: null,
            newsletter_bonus: null,
            order_bonus: null,
            achievements: [],
            max_points_per_order: null,
            max_balance: null,
            tier_window_days: 365,
            time_zone: "UTC",
            storefront_url: null,
            referrals: {
              enabled: false,
              referrer_points: 0,
              referrer_percent: 0,
              referee_points: 0,
              every_order_days: 0,
              min_order_amount: {},
              monthly_cap: null,
              review_deadline_days: 14,
              review_default: "reject",
              coupon: null,
              external_sources: [],
              flag_order_over_average: null,
              flag_referrals_per_day: null,
            },
            notifications: {},
            winback_days: 0,
            winback_bonus: null,
            holdout_percent: 0,
          })
        })

        it("saves a partial update and keeps it after a reload", async () => {
          const { data } = await api.post(
            "/admin/loyalty/program",
            { earn_percent: 7.5, point_values: { eur: 0.01, usd: 0.02 }, pending_days: 0 },
            admin
          )
          expect(data.program).toMatchObject({ earn_percent: 7.5, pending_days: 0, expiry_days: 365 })
          const reloaded = await api.get("/admin/loyalty/program", admin)
          expect(reloaded.data.program).toEqual(data.program)
          const store = await api.get("/store/loyalty/program", storeHeaders(publishableKey))
          expect(store.data.program.point_values).toEqual({ eur: 0.01, usd: 0.02 })
        })

        const badSettings: [string, Record<string, unknown>, RegExp][] = [
          ["an unknown setting", { earn_procent: 5 }, /earn_procent/],
          ["a percent above 100", { max_redeem_percent: 101 }, /max_redeem_percent/],
          ["a negative percent", { earn_percent: -1 }, /earn_percent/],
          ["a fractional day count", { pending_days: 1.5 }, /pending_days/],
          ["an upper-case currency", { point_values: { EUR: 1 } }, /point_values/],
          ["a zero point value", { point_values: { eur: 0 } }, /point_values/],
          ["a string for a switch", { enabled: "yes" }, /enabled/],
        ]
        it.each(badSettings)("answers 400 for %s and changes nothing", async (_, body, field) => {
          const error = await errorOf(api.post("/admin/loyalty/program", body, admin))
          expect(error.status).toBe(400)
          expect(error.message).toMatch(field)
          expect(await loyalty.listLoyaltyPrograms({})).toHaveLength(0)
        })
      })
    })
  },
})
