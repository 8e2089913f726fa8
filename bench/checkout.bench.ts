import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { LOYALTY_MODULE } from "../src/modules/loyalty"
import type LoyaltyModuleService from "../src/modules/loyalty/service"
import { createAdmin, createShopper } from "../integration-tests/helpers/auth"
import {
  completePaidCart,
  createCart,
  createStoreFixture,
  payCart,
  type StoreFixture,
} from "../integration-tests/helpers/store-fixture"
import { settleDatabase } from "./lib/expiry-data"
import { ROWS_PER_OTHER_ACCOUNT, seedOtherAccounts } from "./lib/other-accounts"
import { planLedger, seedLedger } from "./lib/seed-ledger"
import { trackSubscribers } from "./lib/subscriber-tracker"
import { compareAlternately, percentile, type Comparison } from "./lib/timing"
import { roundRatio, writeReport, type BenchReport } from "./lib/report"

/**
 * Issue 4, issue 22 point 9 and issue 18 point 5: what paying with points adds to Medusa's
 * checkout, how long after the order the shopper sees the points (the plugin's order.placed
 * work), how the shopper's points reads grow with the ledger (the same routes for the same
 * shoppers at 0, 100 000 and 1 000 000 rows of other accounts), and the account read of
 * shoppers with 100 000 and 1 000 000 rows of their own, each next to Medusa reading the shopper. Run
 * it with `npm run bench:checkout` (bench/run.js), which prints the figures last as one JSON line.
 */

jest.setTimeout(60 * 60 * 1000)

const RUNS = Math.max(50, Number(process.env.BENCH_RUNS) || 50)
/** Reads are quick: twice the runs, for steadier medians and p95s on a shared machine. */
const READ_RUNS = 2 * RUNS
const WARMUP = 5
const POINTS_APPLIED = 1000
/** Between two looks at the shopper's history while the order's points are on their way. */
const POLL_MS = 10

/** Rows of other accounts in the ledger at each step of the read benchmark. */
const OTHER_ROWS = [0, 100_000, 1_000_000] as const
/**
 * The measured shoppers' own ledgers, the same at every step: a typical shopper (125 lots over
 * the years, 200 rows) and one with a long history (10 000 rows).
 */
const SHOPPERS = {
  typical: planLedger(200, 50, 5, 20),
  long: planLedger(10_000, 500, 50, 500),
}
type ShopperKey = keyof typeof SHOPPERS
const READS = {
  account: "/store/loyalty/account",
  transactions: "/store/loyalty/account/transactions",
} as const
type ReadKey = keyof typeof READS
const stepName = (rows: number) => (rows >= 1_000_000 ? `${rows / 1_000_000}m` : rows >= 1000 ? `${rows / 1000}k` : `${rows}`)
const readKey = (read: ReadKey, shopper: ShopperKey, rows: number) => `${read}_read_${shopper}_${stepName(rows)}`

// The test store's shirt and mug: 84 EUR with tax, 96 with shipping; 1000 points take 10 off.
const shirtAndMug = [
  { variant: "shirt" as const, quantity: 1 },
  { variant: "mug" as const, quantity: 1 },
]

const comparisons: BenchReport["comparisons"] = {}
/** The read comparisons, by readKey: each is also in `comparisons`. */
const reads = new Map<string, Comparison>()
/** Milliseconds from a points order's completion to its earn row in the shopper's history. */
const settleTimes: number[] = []
/** The account read of a shopper whose own ledger has this many rows, next to Medusa's. */
const ownHistoryReads = new Map<number, Comparison>()
/** Issue 18 point 5: shoppers with this many rows of their own (most of a year of them in the tier window). */
const OWN_HISTORIES = [100_000, 1_000_000] as const
let invariantChecks = 0

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("checkout benchmark", () => {
      let fixture: StoreFixture
      let shopper: Awaited<ReturnType<typeof createShopper>>
      let loyalty: LoyaltyModuleService
      let subscribers: ReturnType<typeof trackSubscribers>

      beforeEach(async () => {
        const container = getContainer()
        const admin = { headers: (await createAdmin(container)).headers }
        fixture = await createStoreFixture(container, api, admin)
        shopper = await createShopper(container, fixture.publishableKey)
        loyalty = container.resolve(LOYALTY_MODULE)
        await api.post("/admin/loyalty/program", { point_values: { eur: 0.01 } }, admin)
        subscribers = trackSubscribers(container)
      })

      afterEach(() => subscribers.stop())

      afterAll(() => {
        const { complete } = comparisons
        const read = (key: ReadKey, shopper: ShopperKey, rows: number) => reads.get(readKey(key, shopper, rows))
        const last = OTHER_ROWS[OTHER_ROWS.length - 1]
        const ms = (value: number) => Math.round(value * 10) / 10
        const readFigures = (key: ReadKey, shopper: ShopperKey, prefix: string) => {
          const first = read(key, shopper, 0)
          const at1m = read(key, shopper, last)
          if (!first || !at1m) return {}
          return {
            [`${prefix}_ratio`]: roundRatio(at1m.ratio),
            [`${prefix}_scaling_1m`]: roundRatio(at1m.a_median_ms / first.a_median_ms),
            [`${prefix}_ratio_growth_1m`]: roundRatio(at1m.ratio / first.ratio),
            [`${prefix}_p50_ms_0`]: ms(first.a_median_ms),
            [`${prefix}_p95_ms_0`]: ms(first.a_p95_ms),
            [`${prefix}_p50_ms_1m`]: ms(at1m.a_median_ms),
            [`${prefix}_p95_ms_1m`]: ms(at1m.a_p95_ms),
          }
        }
        // Issue 18 point 5: the account read of shoppers with long histories of their own.
        const ownHistoryFigures = () => {
          const figures: Record<string, number> = {}
          for (const [suffix, rows] of [["", 100_000], ["_1m", 1_000_000]] as const) {
            const read = ownHistoryReads.get(rows)
            if (!read) continue
            figures[`account_read_ratio${suffix}`] = roundRatio(read.ratio)
            figures[`account_read${suffix || "_100k"}_p50_ms`] = ms(read.a_median_ms)
            figures[`account_read${suffix || "_100k"}_p95_ms`] = ms(read.a_p95_ms)
          }
          return figures
        }
        writeReport({
          figures: {
            ...(complete && { complete_ratio: roundRatio(complete.ratio) }),
            ...(settleTimes.length && {
              settle_ms_p50: ms(percentile(settleTimes, 50)),
              settle_ms_p95: ms(percentile(settleTimes, 95)),
            }),
            ...ownHistoryFigures(),
            ...readFigures("account", "typical", "typical_account_read"),
            ...readFigures("transactions", "typical", "typical_transactions_read"),
            ...readFigures("account", "long", "long_history_account_read"),
            ...readFigures("transactions", "long", "long_history_transactions_read"),
            runs: RUNS,
            read_runs: READ_RUNS,
            ledger_rows: last + SHOPPERS.typical.rows + SHOPPERS.long.rows,
            invariants: invariantChecks === 2 ? "ok" : "not checked",
          },
          comparisons,
        })
      })

      it("times cart completion with points against the same cart without", async () => {
        const completions = RUNS + WARMUP
        await loyalty.adjust({
          customer_id: shopper.customer.id,
          points: completions * POINTS_APPLIED,
          reason: "Benchmark balance",
          idempotency_key: "bench:checkout-balance",
        })
        const newCart = async () =>
          (await createCart(api, fixture, shopper.headers, { currency: "eur", items: shirtAndMug })).id
        // The points order completed last, and when; its settle time is taken before the next request.
        let placed: { orderId: string; at: bigint } | undefined
        let settled = 0

        const comparison = await compareAlternately({
          runs: RUNS,
          warmup: WARMUP,
          // Two identical carts of the same shopper, one with points on it, both paid.
          prepare: async () => {
            const withPoints = await newCart()
            const without = await newCart()
            await api.post(`/store/carts/${withPoints}/loyalty-points`, { points: POINTS_APPLIED }, shopper.headers)
            await payCart(api, shopper.headers, withPoints)
            await payCart(api, shopper.headers, without)
            return { withPoints, without }
          },
          // Only POST /store/carts/:id/complete is timed: what the shopper waits for.
          a: async ({ withPoints }) => {
            const order = await completePaidCart(api, shopper.headers, withPoints)
            placed = { orderId: order.id, at: process.hrtime.bigint() }
          },
          b: ({ without }) => completePaidCart(api, shopper.headers, without),
          // order.placed (the plugin commits the points and credits the earned ones) runs after
          // the response: not in complete_ratio, but timed on its own, from the response to the
          // moment the shopper's history shows the order's earn row (then every subscriber is done).
          settle: async () => {
            if (placed) {
              const ms = await msUntilEarnVisible(api, shopper.headers, placed)
              if (settled++ >= WARMUP) settleTimes.push(ms)
              placed = undefined
            }
            await subscribers.idle()
          },
        })

        // Every points cart really was paid with points, and the ledger agrees.
        const account = await loyalty.getOrCreateAccount(shopper.customer.id)
        expect(account).toMatchObject({ reserved: 0, lifetime_spent: completions * POINTS_APPLIED })
        expect(await loyalty.verifyAccounts([account.id])).toEqual([])
        invariantChecks++

        comparisons.complete = {
          ...comparison,
          a: `POST /store/carts/:id/complete, ${POINTS_APPLIED} points applied`,
          b: "POST /store/carts/:id/complete, the same cart without points",
        }
      })

      it("times the same points reads of the same shoppers at 0, 100 000 and 1 000 000 rows of other accounts", async () => {
        const container = getContainer()
        const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
        const shoppers = { typical: shopper, long: await createShopper(container, fixture.publishableKey) }
        const accountIds: string[] = []
        for (const key of Object.keys(SHOPPERS) as ShopperKey[]) {
          const { id } = await loyalty.getOrCreateAccount(shoppers[key].customer.id)
          const seeded = await seedLedger(knex, id, SHOPPERS[key], key)
          const { data } = await api.get(READS.account, shoppers[key].headers)
          expect(data.account).toMatchObject({ ...seeded, reserved: 0 })
          accountIds.push(id)
        }
        expect(await loyalty.verifyAccounts(accountIds)).toEqual([])

        // The first step would otherwise pay for the app's first reads (JIT, caches, pools).
        for (let i = 0; i < 50; i++) {
          for (const { headers } of Object.values(shoppers)) {
            for (const url of [...Object.values(READS), "/store/customers/me"]) {
              await api.get(url, headers)
            }
          }
        }

        // What each read answered with no other accounts: every later step must answer the same.
        const answers = new Map<string, unknown>()
        let otherAccounts = 0
        for (const rows of OTHER_ROWS) {
          const accounts = rows / ROWS_PER_OTHER_ACCOUNT
          await seedOtherAccounts(knex, otherAccounts + 1, accounts)
          otherAccounts = accounts
          await settleDatabase(knex)
          const [{ count }] = await knex("loyalty_transaction").whereNotIn("account_id", accountIds).count()
          expect(Number(count)).toBe(rows)

          for (const shopperKey of Object.keys(SHOPPERS) as ShopperKey[]) {
            const { headers } = shoppers[shopperKey]
            for (const [read, url] of Object.entries(READS) as [ReadKey, string][]) {
              const { data } = await api.get(url, headers)
              const seen = answers.get(`${read}:${shopperKey}`)
              if (seen === undefined) answers.set(`${read}:${shopperKey}`, data)
              else expect(data).toEqual(seen)

              const comparison = await compareAlternately({
                runs: READ_RUNS,
                warmup: WARMUP,
                prepare: async () => undefined,
                a: () => api.get(url, headers),
                b: () => api.get("/store/customers/me", headers),
                settle: () => subscribers.idle(),
              })
              reads.set(readKey(read, shopperKey, rows), comparison)
              comparisons[readKey(read, shopperKey, rows)] = {
                ...comparison,
                a: `GET ${url}, ${SHOPPERS[shopperKey].rows} own rows, ${rows} rows of ${accounts} other accounts`,
                b: "GET /store/customers/me, the same shopper",
              }
            }
          }
        }
        // Every account's figures match its rows, the million others' included.
        expect(await loyalty.verifyAccounts()).toEqual([])
        invariantChecks++
      })

      it("times the account read of shoppers with 100 000 and 1 000 000 rows of their own", async () => {
        const container = getContainer()
        const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
        for (const rows of OWN_HISTORIES) {
          const who = await createShopper(container, fixture.publishableKey)
          const { id } = await loyalty.getOrCreateAccount(who.customer.id)
          const seeded = await seedLedger(knex, id, planLedger(rows, 5000, 500, 5000), `own${rows}`)
          await settleDatabase(knex)
          const { data } = await api.get(READS.account, who.headers)
          expect(data.account).toMatchObject({ ...seeded, reserved: 0 })
          // Its figures, the tier window's order points by day included, match its rows.
          expect(await loyalty.verifyAccounts([id])).toEqual([])
          for (let i = 0; i < 50; i++) {
            await api.get(READS.account, who.headers)
            await api.get("/store/customers/me", who.headers)
          }
          const comparison = await compareAlternately({
            runs: READ_RUNS,
            warmup: WARMUP,
            prepare: async () => undefined,
            a: () => api.get(READS.account, who.headers),
            b: () => api.get("/store/customers/me", who.headers),
            settle: () => subscribers.idle(),
          })
          ownHistoryReads.set(rows, comparison)
          comparisons[`account_read_own_${stepName(rows)}`] = {
            ...comparison,
            a: `GET ${READS.account}, ${rows} own rows`,
            b: "GET /store/customers/me, the same shopper",
          }
        }
      })
    })
  },
})

/**
 * Milliseconds from `placed.at` (the completion's response) until the shopper's own history
 * (GET /store/loyalty/account/transactions, as a storefront would show it) lists the order's
 * earn row, looking every POLL_MS.
 */
async function msUntilEarnVisible(
  api: { get(url: string, config?: unknown): Promise<{ data: any }> },
  headers: { headers: Record<string, string> },
  placed: { orderId: string; at: bigint }
): Promise<number> {
  const url = `/store/loyalty/account/transactions?type=earn&order_id=${placed.orderId}`
  const deadline = Date.now() + 60_000
  for (;;) {
    const { data } = await api.get(url, headers)
    if (data.transactions.length) {
      return Number(process.hrtime.bigint() - placed.at) / 1e6
    }
    if (Date.now() > deadline) {
      throw new Error(`Order ${placed.orderId} showed no earned points within a minute`)
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}
