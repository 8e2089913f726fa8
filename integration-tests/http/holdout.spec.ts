import Medusa from "@medusajs/js-sdk"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { holdoutComparison } from "../../src/api/admin/loyalty/reports/holdout"
import { isNotEnrolled, loyalty as loyaltyClient, type LoyaltyError } from "../../src/client"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { createShopper } from "../helpers/auth"
import { errorOf } from "../helpers/http-error"
import { expectLedgerInvariants } from "../helpers/invariants"
import { afterHandled, loyaltyEventRecorder } from "../helpers/loyalty-events"
import { createLoyaltyStore } from "../helpers/loyalty-store"
import { registerShopper } from "../helpers/register"
import { waitForQuiet } from "../helpers/quiet"
import { createCart, placeOrder, SHIRT_AND_MUG, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(240_000)

type Headers = { headers: Record<string, string> }
type Shopper = { customer: { id: string }; headers: Headers }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("holdout group", () => {
      let admin: Headers
      let fixture: StoreFixture
      let member: Shopper
      let loyalty: LoyaltyModuleService
      const recorder = loyaltyEventRecorder(getContainer)

      beforeEach(async () => {
        ;({ admin, fixture, shopper: member, loyalty } = await createLoyaltyStore(getContainer(), api))
        recorder.start()
      })

      afterEach(async () => {
        recorder.stop()
        await expectLedgerInvariants(getContainer())
      })

      const setProgram = (program: Record<string, unknown>) => api.post("/admin/loyalty/program", program, admin)
      const accountRow = async (customerId: string) => (await loyalty.listLoyaltyAccounts({ customer_id: customerId }))[0]
      const ledgerOf = async (customerId: string) => {
        const row = await accountRow(customerId)
        return row ? loyalty.listLoyaltyTransactions({ account_id: row.id }) : []
      }
      const eventsOf = (customerId: string) => recorder.events.filter((event) => event.data?.customer_id === customerId)

      /** Shoppers registering as on a storefront until the draw gave one of each group (at 50 %, a handful). */
      async function oneOfEach() {
        const found: { held?: Shopper; enrolled?: Shopper } = {}
        for (let i = 0; i < 40 && !(found.held && found.enrolled); i++) {
          const shopper = await registerShopper(api, getContainer(), fixture.publishableKey)
          await api.get("/store/loyalty/program", shopper.headers).catch(() => undefined)
          const row = await accountRow(shopper.customer.id)
          expect(row.holdout).not.toBeNull()
          found[row.holdout ? "held" : "enrolled"] ??= shopper
        }
        await waitForQuiet(getContainer())
        return found as { held: Shopper; enrolled: Shopper }
      }

      it("a held-out shopper orders and earns nothing, gets no bonus and is told they are not enrolled; an enrolled one earns", async () => {
        await setProgram({ holdout_percent: 50, welcome_bonus: { points: 100, expiry_days: null } })
        const { held, enrolled } = await oneOfEach()

        for (const [method, url] of [
          ["get", "/store/loyalty/program"],
          ["get", "/store/loyalty/account"],
          ["post", "/store/loyalty/account"],
          ["get", "/store/loyalty/account/transactions"],
          ["get", "/store/loyalty/referrals"],
          ["post", "/store/loyalty/referrals/claim"],
        ] as const) {
          const body = url.endsWith("claim") ? { code: "NOPE-1234" } : { newsletter_opt_in: true }
          const error = await errorOf(method === "get" ? api.get(url, held.headers) : api.post(url, body, held.headers))
          expect([url, error]).toEqual([url, { status: 403, type: "not_allowed", message: "This customer is not enrolled in the loyalty program." }])
        }
        // The typed client tells a storefront so.
        const client = (who: Shopper) =>
          loyaltyClient(
            new Medusa({ baseUrl: api.defaults.baseURL!, publishableKey: fixture.publishableKey, auth: { type: "jwt", jwtTokenStorageMethod: "nostore" } }),
            { headers: { authorization: who.headers.headers.authorization } }
          )
        const refused = (await client(held).account().catch((error) => error)) as LoyaltyError
        expect([isNotEnrolled(refused), refused.status, refused.type, refused.message]).toEqual([
          true,
          403,
          "not_allowed",
          "This customer is not enrolled in the loyalty program.",
        ])
        expect((await client(enrolled).program()).program.enabled).toBe(true)

        const cart = await createCart(api, fixture, held.headers, { currency: "eur", items: SHIRT_AND_MUG })
        expect((await errorOf(api.get(`/store/carts/${cart.id}/loyalty-points`, held.headers))).status).toBe(403)
        expect((await errorOf(api.post(`/store/carts/${cart.id}/loyalty-points`, { points: 10 }, held.headers))).status).toBe(403)

        const heldOrder = await afterHandled(getContainer(), ["order.placed"], () =>
          placeOrder(api, fixture, held.headers, { currency: "eur", items: SHIRT_AND_MUG })
        )
        const enrolledOrder = await afterHandled(getContainer(), ["order.placed"], () =>
          placeOrder(api, fixture, enrolled.headers, { currency: "eur", items: SHIRT_AND_MUG })
        )
        await waitForQuiet(getContainer())

        expect(await ledgerOf(held.customer.id)).toEqual([])
        expect(await accountRow(held.customer.id)).toMatchObject({ holdout: true, balance: 0, pending: 0, lifetime_earned: 0 })
        expect(eventsOf(held.customer.id)).toEqual([])
        const { data: card } = await api.get(`/admin/customers/${held.customer.id}/loyalty`, admin)
        expect(card.account).toMatchObject({ holdout: true, balance: 0 })

        // 5 % of the items (70 EUR) at 0.01 EUR a point.
        const { data } = await api.get("/store/loyalty/account", enrolled.headers)
        expect(data.account).toMatchObject({ balance: 100, pending: 350 })
        expect(data.account).not.toHaveProperty("holdout")
        expect((await ledgerOf(enrolled.customer.id)).map((row) => [row.type, row.points]).sort()).toEqual([
          ["bonus", 100],
          ["earn", 350],
        ])
        expect(eventsOf(enrolled.customer.id).map((event) => event.name)).toContain("loyalty.points_earned")

        // Both signed up this month: the report compares them, each order at Medusa's total.
        const { data: report } = await api.get("/admin/loyalty/reports", admin)
        expect(report.report.holdout).toMatchObject({
          holdout: { ordering_customers: 1, orders: 1, average_order_value: [{ currency_code: "eur", orders: 1, average: heldOrder.total }] },
          enrolled: { ordering_customers: 1, orders: 1, average_order_value: [{ currency_code: "eur", orders: 1, average: enrolledOrder.total }] },
        })
      })

      it("keeps every draw when the share changes, and never takes an existing member out", async () => {
        // The member has an account from before the switch-on.
        await api.post(`/admin/customers/${member.customer.id}/loyalty/adjustments`, { points: 10, reason: "Test" }, admin)
        await setProgram({ holdout_percent: 50 })
        const { enabled_at } = await holdoutSince()
        await setProgram({ holdout_percent: 20 })
        expect(await holdoutSince()).toEqual({ enabled_at })

        const { held, enrolled } = await oneOfEach()
        const drawn = async () =>
          Promise.all([held, enrolled, member].map(async (shopper) => (await accountRow(shopper.customer.id)).holdout))
        expect(await drawn()).toEqual([true, false, null])

        for (const holdout_percent of [1, 50, 0]) {
          await setProgram({ holdout_percent })
          expect(await drawn()).toEqual([true, false, null])
          expect((await errorOf(api.get("/store/loyalty/account", held.headers))).status).toBe(403)
          expect((await api.get("/store/loyalty/account", member.headers)).data.account.balance).toBe(10)
        }
        // Off: the switch-on is forgotten; a new customer is not drawn.
        expect(await holdoutSince()).toEqual({ enabled_at: null })
        const later = await createShopper(getContainer(), fixture.publishableKey)
        await api.get("/store/loyalty/account", later.headers)
        expect((await accountRow(later.customer.id)).holdout).toBeNull()

        // The member keeps earning; an admin's own adjustment reaches a held-out customer.
        await afterHandled(getContainer(), ["order.placed"], () =>
          placeOrder(api, fixture, member.headers, { currency: "eur", items: SHIRT_AND_MUG })
        )
        expect((await accountRow(member.customer.id)).pending).toBe(350)
        await api.post(`/admin/customers/${held.customer.id}/loyalty/adjustments`, { points: 5, reason: "Goodwill" }, admin)
        expect((await accountRow(held.customer.id)).balance).toBe(5)
      })

      it.each([
        [51, "at most: '50'"],
        [-1, "at least: '0'"],
        [2.55, "at most one decimal"],
        ["5", "Expected type: 'number'"],
      ])("refuses holdout_percent %p with a 400 that says why", async (holdout_percent, message) => {
        const error = await errorOf(setProgram({ holdout_percent }))
        expect(error.status).toBe(400)
        expect(error.message).toMatch("holdout_percent")
        expect(error.message).toMatch(message)
        expect((await api.get("/admin/loyalty/program", admin)).data.program.holdout_percent).toBe(0)
      })

      it("takes 12.5 % as a share with one decimal", async () => {
        expect((await setProgram({ holdout_percent: 12.5 })).data.program.holdout_percent).toBe(12.5)
      })

      async function holdoutSince() {
        const knex: Knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        const row = await knex("loyalty_program").whereNull("deleted_at").first("holdout_enabled_at")
        return { enabled_at: row?.holdout_enabled_at ?? null }
      }

      it("compares held-out and enrolled customers of the same sign-up months on a hand-built data set", async () => {
        const container = getContainer()
        const knex: Knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
        const period = { from: new Date("2026-12-01T00:00:00Z"), to: new Date("2027-01-01T00:00:00Z") }
        // Never switched on, nobody drawn: no comparison.
        expect(await holdoutComparison(knex, period)).toBeNull()

        const customers = container.resolve(Modules.CUSTOMER)
        const people: Record<string, [string, boolean | null]> = {
          h1: ["2026-11-10", true],
          h2: ["2026-11-20", true],
          h3: ["2026-12-05", true],
          h4: ["2027-01-05", true], // signed up after the period
          e1: ["2026-11-15", false],
          e2: ["2026-12-10", false],
          e3: ["2026-10-05", false], // October has no held-out customer
          e4: ["2026-11-25", false],
          m1: ["2026-11-01", null], // a member from before the switch-on, never drawn
        }
        const ids: Record<string, string> = {}
        for (const [name, [signedUp, holdout]] of Object.entries(people)) {
          // A guest record: the welcome workflow leaves it alone, the account is written here.
          const customer = await customers.createCustomers({ email: `${name}@holdout.test` })
          ids[name] = customer.id
          await knex("customer").where({ id: customer.id }).update({ created_at: new Date(`${signedUp}T12:00:00Z`) })
          await knex("loyalty_account").insert({ id: `lyacc_${name}`, customer_id: customer.id, holdout })
        }
        let n = 0
        const order = async (
          name: string,
          day: string,
          currency: string,
          total: number,
          extra: { canceled?: boolean; draft?: boolean; versions?: number[] } = {}
        ) => {
          const id = `order_holdout_${++n}`
          const versions = extra.versions ?? [total]
          await knex("order").insert({
            id,
            customer_id: ids[name],
            version: versions.length,
            status: extra.canceled ? "canceled" : extra.draft ? "draft" : "pending",
            is_draft_order: !!extra.draft,
            currency_code: currency,
            created_at: new Date(`${day}T12:00:00Z`),
            canceled_at: extra.canceled ? new Date(`${day}T13:00:00Z`) : null,
          })
          for (const [i, value] of versions.entries()) {
            await knex("order_summary").insert({
              id: `ordsum_holdout_${n}_${i}`,
              order_id: id,
              version: i + 1,
              totals: JSON.stringify({ current_order_total: value }),
            })
          }
        }
        await order("h1", "2026-12-02", "eur", 100)
        await order("h1", "2026-12-20", "eur", 50)
        await order("h2", "2026-12-03", "eur", 30)
        await order("h2", "2026-12-04", "eur", 999, { canceled: true })
        await order("h2", "2026-12-05", "eur", 999, { draft: true })
        await order("h4", "2027-01-06", "eur", 999)
        await order("e1", "2026-11-20", "eur", 999) // before the period
        await order("e1", "2026-12-01", "eur", 80)
        await order("e1", "2026-12-15", "eur", 40)
        await order("e1", "2026-12-31", "USD", 60)
        await order("e2", "2026-12-11", "eur", 100, { versions: [500, 100] }) // edited: the current version counts
        await order("e3", "2026-12-12", "eur", 1000)
        await order("m1", "2026-12-12", "eur", 1000)

        // Compared months: November (h1, h2 | e1, e4) and December (h3 | e2).
        // Held out: 3 customers, 2 ordered, 1 twice; 3 orders of 100 + 50 + 30 EUR.
        // Enrolled: 3 customers, 2 ordered, 1 more than once; EUR 80 + 40 + 100, USD 60.
        expect(await holdoutComparison(knex, period)).toEqual({
          months: ["2026-11", "2026-12"],
          holdout: {
            customers: 3,
            ordering_customers: 2,
            repeat_customers: 1,
            repeat_rate: 0.5,
            orders: 3,
            orders_per_customer: 1,
            average_order_value: [{ currency_code: "eur", orders: 3, total: 180, average: 60 }],
          },
          enrolled: {
            customers: 3,
            ordering_customers: 2,
            repeat_customers: 1,
            repeat_rate: 0.5,
            orders: 4,
            orders_per_customer: 1.3333,
            average_order_value: [
              { currency_code: "eur", orders: 3, total: 220, average: 73.3333 },
              { currency_code: "usd", orders: 1, total: 60, average: 60 },
            ],
          },
        })
        // The same through the report route.
        const { data } = await api.get("/admin/loyalty/reports?from=2026-12-01&to=2027-01-01", admin)
        expect(data.report.holdout.holdout.orders).toBe(3)
        expect(data.report.holdout.enrolled.average_order_value[0]).toEqual({ currency_code: "eur", orders: 3, total: 220, average: 73.3333 })
      })
    })
  },
})
