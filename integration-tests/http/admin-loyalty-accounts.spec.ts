import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { createAdmin } from "../helpers/auth"

jest.setTimeout(120_000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("GET /admin/loyalty/accounts", () => {
      let admin: { headers: Record<string, string> }
      let ids: Record<string, string>

      beforeEach(async () => {
        const container = getContainer()
        admin = { headers: (await createAdmin(container)).headers }
        const customers = container.resolve(Modules.CUSTOMER)
        const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
        ids = {}
        for (const [name, points] of [["ada", 300], ["bob", 900], ["cleo", 50]] as const) {
          const customer = await customers.createCustomers({ email: `${name}@shop.test`, first_name: name, last_name: "Tester" })
          ids[name] = customer.id
          await loyalty.credit({
            customer_id: customer.id,
            type: "bonus",
            status: "available",
            points,
            idempotency_key: `seed:${name}`,
          })
        }
      })

      const list = async (query = "") => (await api.get(`/admin/loyalty/accounts${query}`, admin)).data

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
  },
})
