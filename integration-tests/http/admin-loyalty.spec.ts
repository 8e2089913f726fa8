import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { createAdmin } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"

jest.setTimeout(120_000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("admin loyalty routes", () => {
      let admin: { headers: Record<string, string> }
      let ids: Record<string, string>
      let loyalty: LoyaltyModuleService

      beforeEach(async () => {
        const container = getContainer()
        admin = { headers: (await createAdmin(container)).headers }
        const customers = container.resolve(Modules.CUSTOMER)
        loyalty = container.resolve(LOYALTY_MODULE)
        ids = {}
        for (const [name, points] of [["ada", 300], ["bob", 900], ["cleo", 50]] as const) {
          const customer = await customers.createCustomers({ email: `${name}@shop.test`, first_name: name, last_name: "Tester" })
          ids[name] = customer.id
          await loyalty.credit({
            customer_id: customer.id,
            type: "adjust",
            status: "available",
            points,
            idempotency_key: `seed:${name}`,
          })
        }
      })

      afterEach(async () => {
        await expectLedgerInvariants(getContainer())
      })

      const list = async (query = "") => (await api.get(`/admin/loyalty/accounts${query}`, admin)).data
      const balanceOf = async (name: string) => (await loyalty.getOrCreateAccount(ids[name])).balance
      const errorOf = async (request: Promise<unknown>) => ((await request.catch((e: any) => e)) as any).response

      describe("GET /admin/loyalty/accounts", () => {

      it("lists accounts with their customers, highest balance first, page by page", async () => {
        const firstPage = await list("?limit=2")
        expect(firstPage).toMatchObject({ count: 3, limit: 2, offset: 0 })
        expect(firstPage.accounts.map((a: any) => [a.customer.email, a.balance])).toEqual([
          ["bob@shop.test", 900],
          ["ada@shop.test", 300],
        ])
        expect(firstPage.accounts[0]).toMatchObject({ customer_id: ids.bob, pending: 0, customer: { first_name: "bob" } })
        const secondPage = await list("?limit=2&offset=2")
        expect(secondPage.accounts.map((a: any) => a.customer.email)).toEqual(["cleo@shop.test"])
      })

      it("sorts the other way and searches customers by name or email", async () => {
        expect((await list("?order=balance")).accounts.map((a: any) => a.balance)).toEqual([50, 300, 900])
        const found = await list("?q=cleo")
        expect(found).toMatchObject({ count: 1 })
        expect(found.accounts[0].customer_id).toBe(ids.cleo)
        expect(await list("?q=nobody-matches")).toMatchObject({ count: 0, accounts: [] })
      })

      it("refuses an unknown sort or parameter with a 400 that names it", async () => {
        const errorOf = async (query: string) =>
          (await api.get(`/admin/loyalty/accounts${query}`, admin).catch((e: any) => e)).response
        const badOrder = await errorOf("?order=customer_id")
        expect(badOrder.status).toBe(400)
        expect(badOrder.data.message).toMatch(/order must be one of balance/)
        expect((await errorOf("?limit=1000")).status).toBe(400)
        expect((await errorOf("?colour=red")).status).toBe(400)
      })

      it("needs an admin", async () => {
        const error: any = await api.get("/admin/loyalty/accounts").catch((e: any) => e)
        expect(error.response.status).toBe(401)
      })
      })

      describe("POST /admin/loyalty/bulk-adjustments", () => {
        const bulk = async (body: Record<string, unknown>) =>
          (await api.post("/admin/loyalty/bulk-adjustments", { reason: "Summer gift", ...body }, admin)).data

        it("credits each listed customer once, however often the request is sent", async () => {
          const body = { customer_ids: [ids.ada, ids.bob], points: 100, idempotency_key: "summer-2026" }
          const [first, second] = await Promise.all([bulk(body), bulk(body)])
          expect([first.summary.credited + second.summary.credited, first.summary.failed + second.summary.failed]).toEqual([2, 0])
          const retry = await bulk(body)
          expect(retry.summary).toEqual({ total: 2, credited: 0, already_done: 2, failed: 0 })
          expect([await balanceOf("ada"), await balanceOf("bob"), await balanceOf("cleo")]).toEqual([400, 1000, 50])
          const [row] = (await loyalty.listLoyaltyTransactions({ idempotency_key: `bulk:summer-2026:${ids.ada}` }))
          expect(row).toMatchObject({ type: "adjust", points: 100, reason: "Summer gift" })
          expect(row.expires_at).not.toBeNull()
        })

        it("credits the members of a customer group", async () => {
          const customers = getContainer().resolve(Modules.CUSTOMER)
          const group = await customers.createCustomerGroups({ name: "VIP" })
          await customers.addCustomerToGroup([{ customer_id: ids.ada, customer_group_id: group.id }, { customer_id: ids.cleo, customer_group_id: group.id }])
          const { summary } = await bulk({ customer_group_id: group.id, points: 25, idempotency_key: "vip" })
          expect(summary).toMatchObject({ total: 2, credited: 2 })
          expect([await balanceOf("ada"), await balanceOf("bob"), await balanceOf("cleo")]).toEqual([325, 900, 75])
        })

        it("takes CSV rows by email or id, each with its points, and fails bad rows alone", async () => {
          const { summary, results } = await bulk({
            idempotency_key: "import-1",
            entries: [
              { row: 2, email: "ADA@shop.test", points: 10 },
              { row: 3, customer_id: ids.cleo, points: -500 },
              { row: 4, email: "nobody@shop.test", points: 10 },
              { row: 5, customer_id: ids.bob, points: -100 },
            ],
          })
          expect(summary).toEqual({ total: 4, credited: 2, already_done: 0, failed: 2 })
          expect(results.map((r: any) => [r.row, r.status])).toEqual([[2, "credited"], [3, "failed"], [4, "failed"], [5, "credited"]])
          expect(results[1].message).toMatch(/Not enough points/)
          expect(results[2].message).toBe("Row 4: no customer nobody@shop.test")
          expect([await balanceOf("ada"), await balanceOf("bob"), await balanceOf("cleo")]).toEqual([310, 800, 50])
        })

        it("refuses a body that names no one, several targets, or bad points, changing nothing", async () => {
          const cases: [Record<string, unknown>, RegExp][] = [
            [{ points: 10, idempotency_key: "x" }, /exactly one of customer_ids, customer_group_id or entries/],
            [{ customer_ids: [ids.ada], customer_group_id: "cusgroup_1", points: 10, idempotency_key: "x" }, /exactly one of/],
            [{ customer_ids: [ids.ada], idempotency_key: "x" }, /points is required/],
            [{ customer_ids: [ids.ada], points: 0, idempotency_key: "x" }, /points must not be zero/],
            [{ customer_ids: [ids.ada], points: 10 }, /idempotency_key/],
            [{ entries: [{ points: 5 }], idempotency_key: "x" }, /customer_id or an email/],
          ]
          for (const [body, message] of cases) {
            const error = await errorOf(api.post("/admin/loyalty/bulk-adjustments", { reason: "r", ...body }, admin))
            expect([error.status, error.data.message]).toEqual([400, expect.stringMatching(message)])
          }
          const missing = await errorOf(bulk({ customer_group_id: "cusgroup_missing", points: 10, idempotency_key: "y" }))
          expect(missing.status).toBe(404)
          expect([await balanceOf("ada"), await balanceOf("bob"), await balanceOf("cleo")]).toEqual([300, 900, 50])
        })
      })

      describe("GET /admin/loyalty/reports", () => {
        const report = async (query = "") => (await api.get(`/admin/loyalty/reports${query}`, admin)).data.report

        /**
         * When this test's ledger rows and orders happened: the middle of last month (UTC),
         * always inside the report's default period (this month and the eleven before it). The
         * rows are written at the database's now and then moved there, so the months the report
         * counts do not depend on today's date, nor on a month ending while the test runs.
         */
        const happenedAt = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15, 12))
        const moveEverythingTo = async (moment: Date) => {
          const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
          await knex("loyalty_transaction").update({ created_at: moment })
          await knex("order").update({ created_at: moment })
        }

        it("counts points per month, the outstanding liability, members and their repeat purchases", async () => {
          await api.post("/admin/loyalty/program", { point_values: { eur: 0.01, usd: 0.02 } }, admin)
          await loyalty.debit({ customer_id: ids.bob, type: "redeem", points: 200, order_id: "order_r", idempotency_key: "report:spend" })
          await loyalty.restoreSpent({ order_id: "order_r", keep_spent_points: 150, idempotency_key: "report:restore" })
          await loyalty.credit({
            customer_id: ids.ada, type: "earn", status: "available", points: 40, idempotency_key: "report:earn",
            expires_at: new Date(Date.now() - 1000),
          })
          expect(await loyalty.expireDueBatch({ phase: "lots", now: new Date(), after: null, limit: 100 })).toMatchObject({ lots: 1 })
          const orders = getContainer().resolve(Modules.ORDER)
          const order = (customer_id: string | null) =>
            orders.createOrders({
              currency_code: "eur", email: "x@shop.test", customer_id: customer_id ?? undefined,
              items: [{ title: "Mug", quantity: 1, unit_price: 10 }],
            } as any)
          const guest = await getContainer().resolve(Modules.CUSTOMER).createCustomers({ email: "guest@shop.test" })
          for (const customer of [ids.ada, ids.ada, ids.bob, guest.id, guest.id, null]) {
            await order(customer)
          }

          const moment = happenedAt(new Date())
          await moveEverythingTo(moment)

          const month = moment.toISOString().slice(0, 7)
          const figures = await report()
          expect(figures.months).toEqual([{ month, issued: 1290, spent: 150, expired: 40, reversed: 0 }])
          // The month asked for alone says the same.
          const nextMonth = new Date(Date.UTC(moment.getUTCFullYear(), moment.getUTCMonth() + 1, 1)).toISOString()
          expect(await report(`?from=${month}-01&to=${nextMonth}`)).toMatchObject({ months: figures.months, active_members: 2 })
          expect(figures).toMatchObject({
            outstanding_points: 300 + 750 + 50,
            pending_points: 0,
            members: 3,
            // Seeded by an admin's adjustment, which is not the shopper's activity; ada earned, bob spent.
            active_members: 2,
            liability: [
              { currency_code: "eur", point_value: 0.01, amount: 11 },
              { currency_code: "usd", point_value: 0.02, amount: 22 },
            ],
            repeat_purchase: {
              members: { customers: 2, repeat_customers: 1, rate: 0.5 },
              others: { customers: 1, repeat_customers: 1, rate: 1 },
            },
          })
          // A period before any of it has nothing in it.
          expect(await report("?from=2020-01-01&to=2020-02-01")).toMatchObject({ months: [], active_members: 0 })
        })

        it("refuses a period that ends before it starts, or is not a date, naming the field", async () => {
          const backwards = await errorOf(api.get("/admin/loyalty/reports?from=2026-05-01&to=2026-01-01", admin))
          expect([backwards.status, backwards.data.message]).toEqual([400, expect.stringMatching(/from must be before to/)])
          const notADate = await errorOf(api.get("/admin/loyalty/reports?from=yesterday", admin))
          expect([notADate.status, notADate.data.message]).toEqual([400, expect.stringMatching(/field .from./)])
        })
      })
    })
  },
})
