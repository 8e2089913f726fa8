import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import v8 from "v8"
import vm from "vm"
import { createAdmin } from "../integration-tests/helpers/auth"
import { LOYALTY_MODULE } from "../src/modules/loyalty"
import type LoyaltyModuleService from "../src/modules/loyalty/service"
import { watchMemory } from "./lib/memory"
import {
  handWrittenRepeatRate,
  ordersInPeriod,
  ordersOf,
  seedReportStore,
  type RepeatFigures,
} from "./lib/reports-data"
import { roundRatio, writeReport } from "./lib/report"
import { stopScheduledJobs } from "./lib/scheduled-jobs"
import { compareAlternately, timeMs } from "./lib/timing"

/**
 * Issue 21 point 4: the program's report for a year (`GET /admin/loyalty/reports?from&to`) on
 * a store of 1 000 000 orders across 100 000 customers, half of them members with a ledger
 * (bench/lib/reports-data.ts), against one hand-written statement computing its repeat-purchase
 * figure (members and others: customers who ordered in the year, and those who ordered at least
 * twice) on the same data, in the same run.
 *
 * One untimed request of the route first, with the collected heap sampled every second
 * (retained_mb: what the route holds, not garbage V8 has yet to collect), and one untimed run of
 * the statement (BENCH_WARMUP=0 leaves both out); then BENCH_RUNS (5) timed runs, each one
 * request and one statement back to back, alternating which goes first (bench/lib/timing.ts),
 * fewer when the timed runs pass BENCH_MAX_SECONDS (600) in all, at least one. The route's first
 * answer is checked against the statement's. The server runs in this process, so its memory is
 * this process's (Jest and the seeding's connection included).
 * Printed last as one JSON line:
 *
 *   orders          orders in the store (over two years)
 *   report_ms       the route's median
 *   sql_ratio       the median of the runs' ratios route ÷ statement
 *   peak_mb         this process's peak RSS during the timed runs (the kernel's VmHWM, reset just
 *                   before them); baseline_mb its RSS then, peak_growth_mb the difference
 *   retained_mb     the largest rise of the collected heap over its level before, during the
 *                   untimed request
 *   repeat_rate     "same" when the route's members / others customers and repeat customers are
 *                   the statement's, else both
 *   seed_seconds, bench_seconds   seeding (with ANALYZE and the ledger check), and the whole test
 *                   process until the figures (the app's start included)
 */

jest.setTimeout(3 * 60 * 60 * 1000)

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS) || 100_000
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS) || 5)
const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS) || 600
/** BENCH_WARMUP=0 leaves out the untimed request (and retained_mb): for a route that takes many minutes. */
const WARMUP = process.env.BENCH_WARMUP !== "0"
const DAY = 24 * 60 * 60 * 1000

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9
const round1 = (value: number) => Math.round(value * 10) / 10
const mb = (bytes: number) => bytes / 2 ** 20
const log = (message: string) => process.stdout.write(`[bench:reports] ${message}\n`)
const describeFigures = (f: RepeatFigures) =>
  `members ${f.members.repeat_customers}/${f.members.customers}, others ${f.others.repeat_customers}/${f.others.customers}`

/** The members / others counts of the report's repeat_purchase, null if it has none. */
function repeatFiguresOf(report: any): RepeatFigures | null {
  const group = (g: any) => g && { customers: Number(g.customers), repeat_customers: Number(g.repeat_customers) }
  const figures = report?.repeat_purchase
  return figures?.members && figures?.others ? { members: group(figures.members), others: group(figures.others) } : null
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    it(`times the report of a year of ${ordersOf(CUSTOMERS)} orders against its repeat rate in one statement`, async () => {
      const container = getContainer()
      const knex: Knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
      const admin = { headers: (await createAdmin(container)).headers }
      stopScheduledJobs(log)
      await loyalty.updateProgramSettings({ enabled: true, earn_percent: 5, point_values: { eur: 1, usd: 1 } })

      let started = process.hrtime.bigint()
      const now = new Date()
      const store = await seedReportStore(knex, CUSTOMERS, now)
      const seededSeconds = seconds(started)
      log(
        `seeded ${store.customers} customers (${store.members} members), ${store.orders} orders and ` +
          `${store.ledger_rows} ledger rows in ${seededSeconds.toFixed(1)} s`
      )
      started = process.hrtime.bigint()
      const discrepancies = await loyalty.verifyAccounts()
      log(`verifyAccounts: ${discrepancies.length} finding(s) in ${seconds(started).toFixed(1)} s`)
      expect(discrepancies.slice(0, 5)).toEqual([])
      const seedSeconds = seconds(started) + seededSeconds

      const to = now
      const from = new Date(to.getTime() - 365 * DAY)
      const inPeriod = await ordersInPeriod(knex, from, to)
      log(`the year ${from.toISOString()} to ${to.toISOString()}: ${inPeriod.all} orders, ${inPeriod.placed} placed`)
      const path = `/admin/loyalty/reports?from=${from.toISOString()}&to=${to.toISOString()}`
      const report = async () => {
        const { data } = await api.get(path, admin)
        return data.report
      }
      const statement = () => handWrittenRepeatRate(knex, from, to)

      // The route's first answer, compared with the statement's below.
      let routeFigures: RepeatFigures | null | undefined
      const timedReport = async () => {
        const answer = await report()
        routeFigures ??= repeatFiguresOf(answer)
      }

      // Untimed: the route once, its heap watched, and the statement once.
      let retained: number | undefined
      if (WARMUP) {
        v8.setFlagsFromString("--expose-gc")
        const gc = vm.runInNewContext("gc") as () => void
        gc()
        const heapBefore = process.memoryUsage().heapUsed
        retained = 0
        const heapSampler = setInterval(() => {
          gc()
          retained = Math.max(retained!, process.memoryUsage().heapUsed - heapBefore)
        }, 1000)
        const warmupMs = await timeMs(timedReport)
        clearInterval(heapSampler)
        await statement()
        log(`untimed request: ${(warmupMs / 1000).toFixed(1)} s, retained ${Math.round(mb(retained))} MB`)
      }

      const memory = watchMemory()
      const comparison = await compareAlternately({
        runs: RUNS,
        warmup: 0,
        maxMs: MAX_SECONDS * 1000,
        prepare: async () => undefined,
        a: timedReport,
        b: statement,
      })
      const { baseline, peak } = memory.stop()

      const sqlFigures = await statement()
      const same = JSON.stringify(routeFigures) === JSON.stringify(sqlFigures)
      const repeatRate = same
        ? "same"
        : `route ${routeFigures ? describeFigures(routeFigures) : "(no repeat_purchase in the response)"}; sql ${describeFigures(sqlFigures)}`
      log(`repeat customers: ${same ? `the same as the statement's (${describeFigures(sqlFigures)})` : repeatRate}`)

      writeReport({
        comparisons: {
          repeat_rate: {
            ...comparison,
            a: `GET /admin/loyalty/reports, a year of ${inPeriod.all} orders`,
            b: "the repeat-purchase rate in one hand-written statement",
          },
        },
        figures: {
          orders: store.orders,
          report_ms: Math.round(comparison.a_median_ms),
          sql_ratio: roundRatio(comparison.ratio),
          peak_mb: Math.round(peak),
          sql_ms: round1(comparison.b_median_ms),
          runs: comparison.runs,
          orders_in_year: inPeriod.all,
          repeat_rate: repeatRate,
          retained_mb: retained === undefined ? "not measured (BENCH_WARMUP=0)" : Math.round(mb(retained)),
          baseline_mb: Math.round(baseline),
          peak_growth_mb: Math.round(peak - baseline),
          customers: store.customers,
          members: store.members,
          ledger_rows: store.ledger_rows,
          seed_seconds: round1(seedSeconds),
          bench_seconds: round1(process.uptime()),
        },
      })
    })
  },
})
