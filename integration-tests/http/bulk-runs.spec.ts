import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { createAdmin } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"

jest.setTimeout(120_000)

// A run key as the admin derives it from a run's content (a SHA-256 in hex).
const KEY = "run-3f2a9c0d5b7e41e8a6c4d2f0b9e8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0"

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("GET /admin/loyalty/bulk-adjustments: whether a run was already credited", () => {
      let admin: { headers: Record<string, string> }
      let ids: Record<string, string>
      let loyalty: LoyaltyModuleService

      beforeEach(async () => {
        const container = getContainer()
        admin = { headers: (await createAdmin(container)).headers }
        loyalty = container.resolve(LOYALTY_MODULE)
        const customers = container.resolve(Modules.CUSTOMER)
        ids = {}
        for (const name of ["ada", "bob"]) {
          ids[name] = (await customers.createCustomers({ email: `${name}@shop.test`, first_name: name })).id
        }
      })

      afterEach(async () => {
        await expectLedgerInvariants(getContainer())
      })

      const runsOf = async (key: string) =>
        (await api.get(`/admin/loyalty/bulk-adjustments?idempotency_key=${encodeURIComponent(key)}`, admin)).data
      const bulk = async (idempotency_key: string) =>
        (
          await api.post(
            "/admin/loyalty/bulk-adjustments",
            {
              reason: "Spring import",
              idempotency_key,
              entries: [
                { row: 2, email: "ada@shop.test", points: 40 },
                { row: 3, customer_id: ids.bob, points: 15 },
                { row: 4, email: "nobody@shop.test", points: 5 },
              ],
            },
            admin
          )
        ).data
      const balances = async () =>
        Promise.all(["ada", "bob"].map(async (name) => (await loyalty.getOrCreateAccount(ids[name])).balance))
      const errorOf = async (request: Promise<unknown>) => ((await request.catch((e: any) => e)) as any).response

      it("answers no runs for a key nothing was credited under, and the key a repeat would send", async () => {
        expect(await runsOf(KEY)).toEqual({ runs: [], repeat_key: `${KEY}#2` })
      })

      it("answers when a run was credited, how many rows and points, and the same after sending it again", async () => {
        const before = Date.now()
        expect((await bulk(KEY)).summary).toEqual({ total: 3, credited: 2, already_done: 0, failed: 1 })
        const { runs, repeat_key } = await runsOf(KEY)
        expect(runs).toEqual([
          {
            idempotency_key: KEY,
            repeat: 1,
            credited_at: expect.any(String),
            last_credited_at: expect.any(String),
            transactions: 2,
            points: 55,
          },
        ])
        expect(repeat_key).toBe(`${KEY}#2`)
        const [first] = await loyalty.listLoyaltyTransactions({ idempotency_key: `bulk:${KEY}:row2` })
        expect(new Date(runs[0].credited_at).getTime()).toBeLessThanOrEqual(new Date(first.created_at).getTime())
        expect(new Date(runs[0].credited_at).getTime()).toBeGreaterThanOrEqual(before - 1000)

        expect((await bulk(KEY)).summary).toEqual({ total: 3, credited: 0, already_done: 2, failed: 1 })
        expect((await runsOf(KEY)).runs).toEqual(runs)
        expect(await balances()).toEqual([40, 15])
      })

      it("credits a deliberate repeat once more under the repeat key, once even when sent twice at once", async () => {
        await bulk(KEY)
        const { repeat_key } = await runsOf(KEY)
        const [one, two] = await Promise.all([bulk(repeat_key), bulk(repeat_key)])
        expect(one.summary.credited + two.summary.credited).toBe(2)
        expect(one.summary.already_done + two.summary.already_done).toBe(2)
        expect(await balances()).toEqual([80, 30])

        const { runs, repeat_key: next } = await runsOf(KEY)
        expect(runs.map((run: any) => [run.idempotency_key, run.repeat, run.transactions, run.points])).toEqual([
          [KEY, 1, 2, 55],
          [`${KEY}#2`, 2, 2, 55],
        ])
        expect(new Date(runs[1].credited_at).getTime()).toBeGreaterThanOrEqual(new Date(runs[0].last_credited_at).getTime())
        expect(next).toBe(`${KEY}#3`)
      })

      it("counts only this run's rows: not another key that starts alike, LIKE wildcards, #1 or #x", async () => {
        // Each of these keys is a run of its own, not KEY's nor a repeat of it.
        for (const other of [`${KEY}0`, `${KEY}#1`, `${KEY}#x`, `${KEY}#02`]) {
          await bulk(other)
        }
        await bulk("a%c")
        expect((await runsOf(KEY)).runs).toEqual([])
        // "_" and "%" are literal characters of a key, not patterns.
        expect((await runsOf("a_c")).runs).toEqual([])
        expect((await runsOf("a%")).runs).toEqual([])
        expect((await runsOf("a%c")).runs).toMatchObject([{ idempotency_key: "a%c", transactions: 2 }])
      })

      it("refuses a missing key, one with : or #, or another parameter, and needs an admin", async () => {
        for (const query of ["", "?idempotency_key=", `?idempotency_key=${KEY}%232`, "?idempotency_key=a:b", `?idempotency_key=${KEY}&limit=5`]) {
          const error = await errorOf(api.get(`/admin/loyalty/bulk-adjustments${query}`, admin))
          expect([query, error.status]).toEqual([query, 400])
        }
        expect((await errorOf(api.get(`/admin/loyalty/bulk-adjustments${"?idempotency_key=a:b"}`, admin))).data.message).toMatch(
          /without : or #/
        )
        expect((await errorOf(api.get(`/admin/loyalty/bulk-adjustments?idempotency_key=${KEY}`))).status).toBe(401)
      })
    })
  },
})
