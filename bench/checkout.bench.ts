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
import { planLedger, seedLedger } from "./lib/seed-ledger"
import { trackSubscribers } from "./lib/subscriber-tracker"
import { compareAlternately } from "./lib/timing"
import { roundRatio, writeReport, type BenchReport } from "./lib/report"

/**
 * Issue 4: what paying with points adds to Medusa's checkout, and what reading a long-time
 * shopper's points costs next to Medusa reading the shopper. Run it with `npm run bench:checkout`
 * (bench/run.js), which prints the figures last as one JSON line.
 */

jest.setTimeout(60 * 60 * 1000)

const RUNS = Math.max(50, Number(process.env.BENCH_RUNS) || 50)
const WARMUP = 5
const LEDGER_ROWS = 100_000
const POINTS_APPLIED = 1000

// The test store's shirt and mug: 84 EUR with tax, 96 with shipping; 1000 points take 10 off.
const shirtAndMug = [
  { variant: "shirt" as const, quantity: 1 },
  { variant: "mug" as const, quantity: 1 },
]

const comparisons: BenchReport["comparisons"] = {}
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
        const { complete, account_read } = comparisons
        writeReport({
          figures: {
            ...(complete && { complete_ratio: roundRatio(complete.ratio) }),
            ...(account_read && { account_read_ratio: roundRatio(account_read.ratio) }),
            runs: RUNS,
            ledger_rows: LEDGER_ROWS,
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
          a: ({ withPoints }) => completePaidCart(api, shopper.headers, withPoints),
          b: ({ without }) => completePaidCart(api, shopper.headers, without),
          // order.placed (the plugin commits the points) runs after the response, untimed.
          settle: () => subscribers.idle(),
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

      it(`times GET /store/loyalty/account with ${LEDGER_ROWS} ledger rows against GET /store/customers/me`, async () => {
        const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        const { id: accountId } = await loyalty.getOrCreateAccount(shopper.customer.id)
        const seeded = await seedLedger(knex, accountId, planLedger(LEDGER_ROWS))

        const [{ count }] = await knex("loyalty_transaction").where({ account_id: accountId }).count()
        expect(Number(count)).toBe(LEDGER_ROWS)
        expect(await loyalty.verifyAccounts([accountId])).toEqual([])
        invariantChecks++
        const { data } = await api.get("/store/loyalty/account", shopper.headers)
        expect(data.account).toMatchObject({ ...seeded, reserved: 0 })
        expect(data.account.expiring).toHaveLength(5)

        const comparison = await compareAlternately({
          runs: RUNS,
          warmup: WARMUP,
          prepare: async () => undefined,
          a: () => api.get("/store/loyalty/account", shopper.headers),
          b: () => api.get("/store/customers/me", shopper.headers),
          settle: () => subscribers.idle(),
        })

        comparisons.account_read = {
          ...comparison,
          a: `GET /store/loyalty/account, ${LEDGER_ROWS} ledger rows`,
          b: "GET /store/customers/me, the same shopper",
        }
      })
    })
  },
})
