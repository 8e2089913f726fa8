import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { parse } from "csv-parse/sync"
import { LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { EXPORT_PAGE } from "../../src/api/utils/exports"
import { createAdmin, createPublishableKey, createShopper } from "../helpers/auth"
import { errorOf } from "../helpers/http-error"

jest.setTimeout(180_000)

const DAY = 24 * 60 * 60 * 1000

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("CRM exports", () => {
      let admin: { headers: Record<string, string> }
      let publishableKey: string
      let loyalty: LoyaltyModuleService

      beforeEach(async () => {
        const container = getContainer()
        admin = { headers: (await createAdmin(container)).headers }
        publishableKey = await createPublishableKey(container)
        loyalty = container.resolve(LOYALTY_MODULE)
      })

      const sql = (query: string, bindings: Record<string, unknown> = {}) =>
        getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION).raw(query, bindings)

      /** The export as the admin's browser receives it: the raw text, its headers, its rows. */
      const download = async (url: string) => {
        const response = await api.get(url, { ...admin, responseType: "arraybuffer" })
        const bytes = Buffer.from(response.data)
        // A UTF-8 byte order mark leads, so Excel opens names in any script as UTF-8.
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
        const text = bytes.subarray(3).toString("utf8")
        const rows: Record<string, string>[] = parse(text, { columns: true, skip_empty_lines: true })
        return { text, rows, headers: response.headers }
      }

      const credit = (customer_id: string, points: number, key: string, pending = false) =>
        loyalty.credit({
          customer_id,
          type: "earn",
          status: pending ? "pending" : "available",
          points,
          available_at: pending ? new Date(Date.now() + 14 * DAY) : undefined,
          idempotency_key: key,
        })

      it("exports every member with the figures the admin's account view shows, their contact, and the count first", async () => {
        const container = getContainer()
        const gold = await loyalty.saveRecord("tier", { data: { name: "Gold", min_points: 300, multiplier: 2 } })
        const ann = await createShopper(container, publishableKey)
        const formula = await createShopper(container, publishableKey)
        await container.resolve(Modules.CUSTOMER).updateCustomers(formula.customer.id, {
          first_name: '=HYPERLINK("http://evil.example","click")',
          last_name: "Иванова",
        })
        await createShopper(container, publishableKey) // a customer who never joined: not a member
        await credit(ann.customer.id, 500, "x:ann:1")
        await credit(ann.customer.id, 120, "x:ann:2", true)
        await loyalty.reserve({ customer_id: ann.customer.id, cart_id: "cart_x", points: 80, expires_at: new Date(Date.now() + DAY) })
        await loyalty.recomputeTier(ann.customer.id)
        await credit(formula.customer.id, 40, "x:formula:1")

        const { text, rows, headers } = await download("/admin/loyalty/exports/members")
        expect(headers["content-type"]).toMatch(/^text\/csv; charset=utf-8/)
        expect(headers["content-disposition"]).toMatch(/^attachment; filename="loyalty-members-\d{4}-\d{2}-\d{2}\.csv"$/)
        expect(headers["x-loyalty-export-rows"]).toBe("2")
        expect(text.startsWith("customer_id,email,first_name,last_name,balance,pending,reserved,spendable,tier,")).toBe(true)
        expect(rows).toHaveLength(2)

        for (const shopper of [ann, formula]) {
          const { data } = await api.get(`/admin/customers/${shopper.customer.id}/loyalty`, admin)
          const row = rows.find((r) => r.customer_id === shopper.customer.id)!
          expect(row).toMatchObject({
            email: shopper.customer.email,
            balance: String(data.account.balance),
            pending: String(data.account.pending),
            reserved: String(data.account.reserved),
            spendable: String(data.account.spendable),
            tier: data.account.tier?.name ?? "",
            lifetime_earned: String(data.account.lifetime_earned),
            lifetime_spent: String(data.account.lifetime_spent),
          })
          expect(new Date(row.member_since).getTime()).not.toBeNaN()
        }
        const annRow = rows.find((r) => r.customer_id === ann.customer.id)!
        expect(annRow).toMatchObject({ first_name: "Sam", balance: "500", pending: "120", reserved: "80", spendable: "420", tier: "Gold" })
        expect(gold.name).toBe("Gold")
        // A spreadsheet would run the name as a formula: it arrives quoted as text; Cyrillic intact.
        expect(rows.find((r) => r.customer_id === formula.customer.id)).toMatchObject({
          first_name: `'=HYPERLINK("http://evil.example","click")`,
          last_name: "Иванова",
          tier: "",
        })
      })

      it(`pages through more members than a page (${EXPORT_PAGE}) holds: each exactly once`, async () => {
        const members = EXPORT_PAGE * 2 + 345
        await sql(
          `INSERT INTO loyalty_account (id, customer_id, balance)
           SELECT 'lyacc_x' || lpad(i::text, 6, '0'), 'cus_x' || i, i FROM generate_series(1, :members) AS i`,
          { members }
        )
        const { rows, headers } = await download("/admin/loyalty/exports/members")
        expect(headers["x-loyalty-export-rows"]).toBe(String(members))
        expect(rows).toHaveLength(members)
        expect(new Set(rows.map((row) => row.customer_id)).size).toBe(members)
        expect(rows.reduce((sum, row) => sum + Number(row.balance), 0)).toBe((members * (members + 1)) / 2)
        // Customers the store deleted (or never had) leave their contact empty, not the export.
        expect(rows[0]).toMatchObject({ email: "", first_name: "" })
      })

      it("exports the ledger rows of a period, across pages and rows written at one instant, each once, with the e-mail", async () => {
        const container = getContainer()
        const ann = await createShopper(container, publishableKey)
        const { id: annAccount } = await loyalty.getOrCreateAccount(ann.customer.id)
        await credit(ann.customer.id, 10, "x:before")
        const before = await loyalty.listLoyaltyTransactions({ account_id: annAccount })
        await new Promise((resolve) => setTimeout(resolve, 50))
        const from = new Date()
        // Rows of one statement share their created_at: the pages' keyset must still take each once.
        const bulk = EXPORT_PAGE + 500
        await sql(
          `INSERT INTO loyalty_transaction (id, account_id, type, points, status, remaining, idempotency_key, reason)
           SELECT 'lytx_x' || lpad(i::text, 6, '0'), :account, 'adjust', 1, 'available', 1, 'x:bulk:' || i, 'bulk'
           FROM generate_series(1, :bulk) AS i`,
          { account: annAccount, bulk }
        )
        await credit(ann.customer.id, 25, "x:after")
        const other = await createShopper(container, publishableKey)
        await credit(other.customer.id, 7, "x:other")
        const to = new Date(Date.now() + 1000)

        const { rows, headers } = await download(`/admin/loyalty/exports/ledger?from=${from.toISOString()}&to=${to.toISOString()}`)
        const expected = (await loyalty.listLoyaltyTransactions({ created_at: { $gte: from, $lt: to } })).map((row) => row.id)
        expect(expected).toHaveLength(bulk + 2)
        expect(headers["x-loyalty-export-rows"]).toBe(String(bulk + 2))
        expect(rows.map((row) => row.id).sort()).toEqual(expected.sort())
        expect(rows.map((row) => row.id)).not.toContain(before[0].id)
        expect(rows.find((row) => row.idempotency_key)).toBeUndefined()
        const after = rows.find((row) => row.points === "25")!
        expect(after).toMatchObject({ customer_id: ann.customer.id, email: ann.customer.email, type: "earn", status: "available", remaining: "25" })
        expect(rows.find((row) => row.points === "7")).toMatchObject({ customer_id: other.customer.id, email: other.customer.email })
        expect(headers["content-disposition"]).toContain(`loyalty-ledger-${from.toISOString().slice(0, 10)}-to-`)
      })

      it("stops reading when the admin cancels mid-file, and serves the next export whole", async () => {
        const members = EXPORT_PAGE * 20
        await sql(
          `INSERT INTO loyalty_account (id, customer_id, balance)
           SELECT 'lyacc_x' || lpad(i::text, 6, '0'), 'cus_x' || i, 1 FROM generate_series(1, :members) AS i`,
          { members }
        )
        const logger = getContainer().resolve(ContainerRegistrationKeys.LOGGER)
        const logged = jest.spyOn(logger, "error")
        try {
          const response = await api.get("/admin/loyalty/exports/members", { ...admin, responseType: "stream" })
          const stream = response.data as NodeJS.ReadableStream & { destroy(): void }
          await new Promise((resolve) => stream.once("data", resolve))
          stream.destroy()
          await new Promise((resolve) => setTimeout(resolve, 500))
          const { rows } = await download("/admin/loyalty/exports/members")
          expect(rows).toHaveLength(members)
          // A cancel is the admin's choice, not a failure to report.
          expect(logged.mock.calls.filter(([message]) => String(message).includes("export"))).toEqual([])
        } finally {
          logged.mockRestore()
        }
      })

      it("refuses a period that ends before it starts and unknown parameters with a 400 that says why, and shoppers with a 401", async () => {
        const shopper = await createShopper(getContainer(), publishableKey)
        expect(await errorOf(api.get("/admin/loyalty/exports/ledger?from=2026-05-01&to=2026-04-01", admin))).toMatchObject({
          status: 400,
          message: expect.stringContaining("from must be before to"),
        })
        expect(await errorOf(api.get("/admin/loyalty/exports/members?limit=5", admin))).toMatchObject({ status: 400 })
        expect(await errorOf(api.get("/admin/loyalty/exports/members", shopper.headers))).toMatchObject({ status: 401 })
        expect(await errorOf(api.get("/admin/loyalty/exports/ledger", shopper.headers))).toMatchObject({ status: 401 })
      })
    })
  },
})
