import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { LOYALTY_MODULE } from "../src/modules/loyalty"
import { POINTS_EXPIRED } from "../src/modules/loyalty/ledger/expiry"
import type LoyaltyModuleService from "../src/modules/loyalty/service"
import {
  checkExpiryInvariants,
  dropExpirySnapshot,
  HAND_WRITTEN_EXPIRY,
  restoreExpiryStore,
  seedExpiryStore,
  settleDatabase,
  snapshotExpiryStore,
  type ExpiryShape,
} from "./lib/expiry-data"
import { runExpiryJobProcess } from "./lib/expiry-process"
import { roundRatio, writeReport } from "./lib/report"

/**
 * Issue 5: the daily expiry job on a store with 1 000 000 due lots across 100 000 accounts,
 * against one hand-written SQL statement doing the same update on the same data in the same
 * run. Run it with `npm run bench:expiry` (bench/run.js), which prints the figures last as one
 * JSON line:
 *
 *   seconds         the job, as the scheduler runs it (src/jobs/expire-points.ts with the app's
 *                   container: expirePointsWorkflow expires the lots in batches, delivering their
 *                   events on the app's event bus as it goes, writes the warnings, then delivers
 *                   what is left), in a
 *                   Medusa process of its own: `medusa exec bench/lib/run-expiry-job.ts` on the
 *                   database seeded here. Only the job's call is timed; the process's boot
 *                   (Node, ts-node, the app's loaders) is boot_seconds;
 *   sql_ratio       seconds / the hand-written statement's seconds, on the same rows restored;
 *   peak_mb         that process's peak RSS while the job ran (the kernel's VmHWM, reset just
 *                   before the job, or RSS sampled every 100 ms where it cannot be reset);
 *                   baseline_mb is its RSS just before the job, peak_growth_mb the difference,
 *                   boot_peak_mb its peak while booting. Jest, which holds a second copy of the
 *                   app for seeding and the checks, is not in these figures;
 *   invariants      verifyAccounts() finds nothing, one expire row per due lot and none twice,
 *                   every balance is the sum of its lots not due, the outbox is empty, and one
 *                   event per account reached the subscriber (the run fails otherwise);
 *   events          loyalty.points_expired events a subscriber received (one per account).
 *
 * BENCH_ACCOUNTS shrinks the store for a quick try. BENCH_BATCH_SIZE and BENCH_CONCURRENCY run
 * expirePointsWorkflow with that batch_size / concurrency instead of the job (which uses the
 * defaults: 1000 accounts per batch, two batches at once); the job's process reads them.
 */

jest.setTimeout(60 * 60 * 1000)

const SHAPE: ExpiryShape = {
  accounts: Number(process.env.BENCH_ACCOUNTS) || 100_000,
  dueLots: 10,
  // One lot per account that is not due yet: the job must tell it from the due ones.
  laterLots: 1,
}
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE) || undefined
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY) || undefined
const TUNED = BATCH_SIZE !== undefined || CONCURRENCY !== undefined

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9
const round1 = (value: number) => Math.round(value * 10) / 10
const log = (message: string) => process.stdout.write(`[bench:expiry] ${message}\n`)

medusaIntegrationTestRunner({
  testSuite: ({ getContainer }) => {
    describe("expiry benchmark", () => {
      const dueLots = SHAPE.accounts * SHAPE.dueLots

      it(`expires ${dueLots} due lots across ${SHAPE.accounts} accounts, against one statement`, async () => {
        const container = getContainer()
        const knex: Knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
        const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
        stopScheduledJobs()

        // Seed, and set the rows aside for the hand-written statement.
        let started = process.hrtime.bigint()
        await seedExpiryStore(knex, SHAPE)
        await snapshotExpiryStore(knex)
        await settleDatabase(knex)
        const seedSeconds = seconds(started)
        expect(await loyalty.verifyAccounts()).toEqual([])
        log(`seeded ${SHAPE.accounts} accounts, ${dueLots} due lots in ${seedSeconds.toFixed(1)} s; the ledger adds up`)

        // The job, in a Medusa process of its own on the same database: expire, warn, deliver.
        const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
        const job = await runExpiryJobProcess(config.projectConfig.databaseUrl!, (line) => log(`job process: ${line}`))
        const jobSeconds = job.seconds
        log(
          `the job took ${jobSeconds.toFixed(1)} s in its process (pid ${job.pid}, booted in ${job.boot_seconds.toFixed(1)} s, ` +
            `RSS ${Math.round(job.baseline_mb)} MB before the job (heap ${Math.round(job.heap_mb)} MB after it), peak ${Math.round(job.peak_mb)} MB (${job.peak_source}), ` +
            `${Math.round(job.boot_peak_mb)} MB while booting); ` +
            `${job.events} ${POINTS_EXPIRED} events went out (Jest's own process, with its copy of the app: ` +
            `${Math.round(process.memoryUsage().rss / 2 ** 20)} MB)`
        )

        const ledgerInvariants = await checkExpiryInvariants(knex, SHAPE, (await loyalty.verifyAccounts()).length)
        const eventsOff = job.events === SHAPE.accounts ? [] : [`${job.events} events, expected ${SHAPE.accounts}`]
        const invariants = [ledgerInvariants, ...eventsOff].filter((problem) => problem !== "ok").join("; ") || "ok"
        log(`invariants after the job: ${invariants}`)

        // The same update as one statement, on the same rows restored.
        started = process.hrtime.bigint()
        await restoreExpiryStore(knex)
        await settleDatabase(knex)
        const restoreSeconds = seconds(started)
        expect(await loyalty.verifyAccounts()).toEqual([])
        started = process.hrtime.bigint()
        const { rows } = await knex.raw(HAND_WRITTEN_EXPIRY)
        const sqlSeconds = seconds(started)
        const sqlInvariants = await checkExpiryInvariants(knex, SHAPE, (await loyalty.verifyAccounts()).length)
        log(`the hand-written statement expired ${rows[0].lots} lots in ${sqlSeconds.toFixed(1)} s; invariants: ${sqlInvariants}`)
        await dropExpirySnapshot(knex)

        writeReport({
          comparisons: {
            expiry: {
              runs: 1,
              ratio: jobSeconds / sqlSeconds,
              a_median_ms: jobSeconds * 1000,
              b_median_ms: sqlSeconds * 1000,
              a: TUNED
                ? `expirePointsWorkflow, batch_size ${BATCH_SIZE ?? 1000}, concurrency ${CONCURRENCY ?? 2}, ${dueLots} due lots`
                : `the expire-points job (src/jobs/expire-points.ts), ${dueLots} due lots`,
              b: "one hand-written statement, the same rows",
            },
          },
          figures: {
            lots: dueLots,
            seconds: round1(jobSeconds),
            sql_ratio: roundRatio(jobSeconds / sqlSeconds),
            peak_mb: Math.round(job.peak_mb),
            peak_growth_mb: Math.round(job.peak_mb - job.baseline_mb),
            invariants,
            events: job.events,
            accounts: SHAPE.accounts,
            batch_size: BATCH_SIZE ?? 1000,
            concurrency: CONCURRENCY ?? 2,
            seed_seconds: round1(seedSeconds),
            boot_seconds: round1(job.boot_seconds),
            expire_seconds: round1(job.expire_seconds),
            expire_batches: job.expire_batches,
            deliver_seconds: round1(job.deliver_seconds),
            restore_seconds: round1(restoreSeconds),
            sql_seconds: round1(sqlSeconds),
            sql_invariants: sqlInvariants,
            baseline_mb: Math.round(job.baseline_mb),
            boot_peak_mb: Math.round(job.boot_peak_mb),
          },
        })
        // The figures are out; a broken invariant still fails the run (a non-zero exit).
        expect({ invariants, sqlInvariants }).toEqual({ invariants: "ok", sqlInvariants: "ok" })
      })
    })
  },
})

/**
 * The test app's cron jobs would fire in the middle of a run of minutes: release-pending-points,
 * every 15 minutes, delivers the outbox too, and would take part of the job's events (and
 * time) from the job's process. A benchmark wants the job alone, so the schedules are cleared
 * (the in-memory workflow engine keeps them on the global WorkflowScheduler). `medusa exec`
 * loads no cron jobs in the job's process.
 */
function stopScheduledJobs() {
  const storage = (globalThis as any).WorkflowScheduler?.storage
  const scheduled: Map<string, unknown> | undefined = storage?.scheduled
  if (!scheduled || typeof storage.remove !== "function") {
    log("could not reach the job scheduler: a cron job may run during the benchmark")
    return
  }
  const ids = [...scheduled.keys()]
  ids.forEach((id) => storage.remove(id))
  log(`cleared the schedules of ${ids.length} cron job(s): ${ids.join(", ")}`)
}
