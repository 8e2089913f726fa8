import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { LOYALTY_MODULE } from "../src/modules/loyalty"
import type LoyaltyModuleService from "../src/modules/loyalty/service"
import {
  checkExpiryInvariants,
  dropExpirySnapshot,
  expectedEvents,
  expiryRunMoment,
  INACTIVITY_DAYS,
  restoreExpiryStore,
  runRangeSplitStatements,
  runSingleStatements,
  seedExpiryStore,
  settleDatabase,
  snapshotExpiryStore,
  switchInactivityOn,
  WARNING_DAYS,
  type ExpiryShape,
} from "./lib/expiry-data"
import { runExpiryJobProcess } from "./lib/expiry-process"
import type { ExpiryJobResult } from "./lib/expiry-job-result"
import { roundRatio, writeReport } from "./lib/report"
import { stopScheduledJobs } from "./lib/scheduled-jobs"
import { median } from "./lib/timing"

/**
 * Issues 5 and 22 (point 9): the daily expiry job on a store with 1 000 000 due lots across
 * 100 000 accounts, with what a store has on the night it runs (lots in the warning window,
 * some warned yesterday, pending lots, points held for carts, inactivity expiry on: see
 * bench/lib/expiry-data.ts), against the same work written by hand, on the same rows, in the
 * same run. Three sides, each run on the rows put back from a copy taken after seeding:
 *
 *   job             the job, as the scheduler runs it (src/jobs/expire-points.ts with the app's
 *                   container: expirePointsWorkflow expires the lots in batches, delivering their
 *                   events on the app's event bus as it goes, writes the warnings, then delivers
 *                   what is left), in a Medusa process of its own: `medusa exec
 *                   bench/lib/run-expiry-job.ts` on the database seeded here. Only the job's call
 *                   is timed; the process's boot (Node, ts-node, the app's loaders) is boot_seconds;
 *   single          the hand-written statements over all accounts at once (expiry, lot
 *                   warnings, inactivity warnings: one statement each), no batches, no locks,
 *                   no delivery (their events stay in the outbox);
 *   split           the same statements over ranges of 1000 accounts, two ranges at once, as the
 *                   job splits its work, each range one transaction.
 *
 * Each sample runs the three, in turn first (job, single, split; single, split, job; split,
 * job, single); the figures are medians of BENCH_SAMPLES samples (3). Printed last as one JSON
 * line:
 *
 *   seconds         the job (median); sql_ratio and split_sql_ratio the medians of the per-sample
 *                   ratios job / single and job / split; *_expire_seconds and *_warn_seconds each
 *                   side's expiry and warnings (the job's: its batches' first call to last);
 *   peak_mb         the job's process's peak RSS while the job ran (the kernel's VmHWM, reset just
 *                   before the job, or RSS sampled every 100 ms where it cannot be reset);
 *                   baseline_mb is its RSS just before the job, peak_growth_mb the difference,
 *                   boot_peak_mb its peak while booting (largest of the samples). Jest, which
 *                   holds a second copy of the app for seeding and the checks, is not in these;
 *   invariants      for every run of every side: verifyAccounts() finds nothing, one expire row
 *                   for each lot that had points to lose (a due lot, or any available lot of an
 *                   inactive shopper) and none twice, each for what no cart holds of it, every
 *                   other lot and every pending lot untouched, each lot of the warning window
 *                   warned once (those warned yesterday not again), the shoppers about to lose
 *                   points for inactivity warned, and one event per shopper and cause (the job's
 *                   received by a subscriber, the outbox then empty; the statements' in the outbox).
 *
 * BENCH_ACCOUNTS shrinks the store for a quick try. BENCH_BATCH_SIZE and BENCH_CONCURRENCY run
 * expirePointsWorkflow with that batch_size / concurrency instead of the job (which uses the
 * defaults: 1000 accounts per batch, two batches at once); the job's process reads them.
 */

jest.setTimeout(60 * 60 * 1000)

const SHAPE: ExpiryShape = {
  accounts: Number(process.env.BENCH_ACCOUNTS) || 100_000,
  dueLots: 10,
}
const SAMPLES = Math.max(1, Number(process.env.BENCH_SAMPLES) || 3)
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE) || undefined
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY) || undefined
const TUNED = BATCH_SIZE !== undefined || CONCURRENCY !== undefined

const SIDES = ["job", "single", "split"] as const
type Side = (typeof SIDES)[number]
type SideRun = { seconds: number; expire_seconds: number; warn_seconds: number; invariants: string }

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9
const round1 = (value: number) => Math.round(value * 10) / 10
const log = (message: string) => process.stdout.write(`[bench:expiry] ${message}\n`)

medusaIntegrationTestRunner({
  testSuite: ({ getContainer }) => {
    describe("expiry benchmark", () => {
      const dueLots = SHAPE.accounts * SHAPE.dueLots

      it(`expires ${dueLots} due lots across ${SHAPE.accounts} accounts, against the same statements by hand`, async () => {
        const container = getContainer()
        const knex: Knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
        const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
        const databaseUrl = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE).projectConfig.databaseUrl!
        // `medusa exec` loads no cron jobs in the job's process; these are the test app's.
        stopScheduledJobs(log)

        // Seed, and set the rows aside: every run of every side starts from them.
        let started = process.hrtime.bigint()
        await loyalty.updateProgramSettings({ inactivity_days: INACTIVITY_DAYS, expiry_warning_days: WARNING_DAYS })
        await switchInactivityOn(knex)
        const activeSince = (await loyalty.inactivityActiveSince())!
        await seedExpiryStore(knex, SHAPE)
        await snapshotExpiryStore(knex)
        const seedSeconds = seconds(started)
        expect(await loyalty.verifyAccounts()).toEqual([])
        const expected = await expectedEvents(knex, expiryRunMoment(activeSince))
        log(
          `seeded ${SHAPE.accounts} accounts, ${dueLots} due lots in ${seedSeconds.toFixed(1)} s; the ledger adds up; ` +
            `a run expires ${expected.lots} lots and sends ${expected.expired} points_expired, ${expected.expiring} points_expiring`
        )

        const runs: Record<Side, SideRun[]> = { job: [], single: [], split: [] }
        const jobs: ExpiryJobResult[] = []
        const restores: number[] = []
        let splitRanges = 0
        let checkSeconds = 0
        const invariantsOf = async (events: { expired: number; expiring: number } | null) => {
          const started = process.hrtime.bigint()
          const discrepancies = (await loyalty.verifyAccounts()).length
          const found = await checkExpiryInvariants(knex, expiryRunMoment(activeSince), discrepancies, events)
          checkSeconds = seconds(started)
          return found
        }

        const run: Record<Side, () => Promise<SideRun>> = {
          // The job, in a Medusa process of its own on the same database: expire, warn, deliver.
          job: async () => {
            const job = await runExpiryJobProcess(databaseUrl, (line) => log(`job process: ${line}`))
            jobs.push(job)
            log(
              `the job took ${job.seconds.toFixed(1)} s (expiry ${job.expire_seconds.toFixed(1)} s in ${job.expire_batches} batches, ` +
                `lot warnings ${job.warn_seconds.toFixed(1)} s in ${job.warn_batches}, inactivity warnings ` +
                `${job.warn_inactive_seconds.toFixed(1)} s in ${job.warn_inactive_batches}) in its process (pid ${job.pid}, ` +
                `booted in ${job.boot_seconds.toFixed(1)} s, RSS ${Math.round(job.baseline_mb)} MB before the job, ` +
                `peak ${Math.round(job.peak_mb)} MB (${job.peak_source}), ${Math.round(job.boot_peak_mb)} MB while booting); ` +
                `${job.events} points_expired and ${job.warning_events} points_expiring events went out`
            )
            return {
              seconds: job.seconds,
              expire_seconds: job.expire_seconds,
              warn_seconds: job.warn_seconds + job.warn_inactive_seconds,
              invariants: await invariantsOf({ expired: job.events, expiring: job.warning_events }),
            }
          },
          single: async () => {
            const started = process.hrtime.bigint()
            const times = await runSingleStatements(knex, expiryRunMoment(activeSince))
            return { seconds: seconds(started), ...times, invariants: await invariantsOf(null) }
          },
          split: async () => {
            const started = process.hrtime.bigint()
            const { ranges, ...times } = await runRangeSplitStatements(knex, expiryRunMoment(activeSince), {
              rangeSize: BATCH_SIZE ?? 1000,
              concurrency: CONCURRENCY ?? 2,
            })
            splitRanges = ranges
            return { seconds: seconds(started), ...times, invariants: await invariantsOf(null) }
          },
        }

        for (let sample = 0; sample < SAMPLES; sample++) {
          const order = SIDES.map((_, i) => SIDES[(sample + i) % SIDES.length])
          for (const side of order) {
            started = process.hrtime.bigint()
            await restoreExpiryStore(knex)
            await settleDatabase(knex)
            restores.push(seconds(started))
            const result = await run[side]()
            runs[side].push(result)
            log(
              `sample ${sample + 1}/${SAMPLES}, ${side}: ${result.seconds.toFixed(1)} s (expiry ${result.expire_seconds.toFixed(1)} s, ` +
                `warnings ${result.warn_seconds.toFixed(1)} s); invariants: ${result.invariants} ` +
                `(restore ${restores[restores.length - 1].toFixed(1)} s, checks ${checkSeconds.toFixed(1)} s, untimed)`
            )
          }
        }
        await dropExpirySnapshot(knex)

        const of = (side: Side, figure: keyof Omit<SideRun, "invariants">) => round1(median(runs[side].map((r) => r[figure])))
        const ratios = (side: Side) => runs.job.map((job, i) => job.seconds / runs[side][i].seconds)
        const failed = SIDES.flatMap((side) =>
          runs[side].map((r, i) => (r.invariants === "ok" ? null : `${side} #${i + 1}: ${r.invariants}`))
        ).filter(Boolean)
        const invariants = failed.join("; ") || "ok"
        const maxOf = (values: number[]) => Math.round(Math.max(...values))
        const sideComparison = (side: Side, b: string) => ({
          runs: SAMPLES,
          ratio: median(ratios(side)),
          a_median_ms: median(runs.job.map((r) => r.seconds)) * 1000,
          b_median_ms: median(runs[side].map((r) => r.seconds)) * 1000,
          a: TUNED
            ? `expirePointsWorkflow, batch_size ${BATCH_SIZE ?? 1000}, concurrency ${CONCURRENCY ?? 2}, ${dueLots} due lots`
            : `the expire-points job (src/jobs/expire-points.ts), ${dueLots} due lots`,
          b,
        })

        writeReport({
          comparisons: {
            expiry_single: sideComparison("single", "the hand-written statements, all accounts at once, the same rows"),
            expiry_split: sideComparison(
              "split",
              `the hand-written statements over ${splitRanges} ranges of ${BATCH_SIZE ?? 1000} accounts, ${CONCURRENCY ?? 2} at once`
            ),
          },
          figures: {
            lots: expected.lots,
            seconds: of("job", "seconds"),
            sql_ratio: roundRatio(median(ratios("single"))),
            split_sql_ratio: roundRatio(median(ratios("split"))),
            peak_mb: maxOf(jobs.map((j) => j.peak_mb)),
            peak_growth_mb: maxOf(jobs.map((j) => j.peak_mb - j.baseline_mb)),
            invariants,
            samples: SAMPLES,
            events: median(jobs.map((j) => j.events)),
            warning_events: median(jobs.map((j) => j.warning_events)),
            accounts: SHAPE.accounts,
            batch_size: BATCH_SIZE ?? 1000,
            concurrency: CONCURRENCY ?? 2,
            expire_seconds: of("job", "expire_seconds"),
            warn_seconds: of("job", "warn_seconds"),
            deliver_seconds: round1(median(jobs.map((j) => j.deliver_seconds))),
            sql_seconds: of("single", "seconds"),
            sql_expire_seconds: of("single", "expire_seconds"),
            sql_warn_seconds: of("single", "warn_seconds"),
            split_sql_seconds: of("split", "seconds"),
            split_sql_expire_seconds: of("split", "expire_seconds"),
            split_sql_warn_seconds: of("split", "warn_seconds"),
            job_seconds_each: runs.job.map((r) => round1(r.seconds)).join(" "),
            sql_seconds_each: runs.single.map((r) => round1(r.seconds)).join(" "),
            split_sql_seconds_each: runs.split.map((r) => round1(r.seconds)).join(" "),
            seed_seconds: round1(seedSeconds),
            restore_seconds: round1(median(restores)),
            boot_seconds: round1(median(jobs.map((j) => j.boot_seconds))),
            expire_batches: median(jobs.map((j) => j.expire_batches)),
            warn_batches: median(jobs.map((j) => j.warn_batches)),
            baseline_mb: maxOf(jobs.map((j) => j.baseline_mb)),
            boot_peak_mb: maxOf(jobs.map((j) => j.boot_peak_mb)),
          },
        })
        // The figures are out; a broken invariant still fails the run (a non-zero exit).
        expect(invariants).toBe("ok")
      })
    })
  },
})
