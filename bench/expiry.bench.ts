import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { MedusaContainer } from "@medusajs/framework/types"
import expirePoints from "../src/jobs/expire-points"
import { LOYALTY_MODULE } from "../src/modules/loyalty"
import { POINTS_EXPIRED } from "../src/modules/loyalty/ledger/expiry"
import type LoyaltyModuleService from "../src/modules/loyalty/service"
import { expirePointsWorkflow } from "../src/workflows"
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
import { roundRatio, writeReport } from "./lib/report"

/**
 * Issue 5: the daily expiry job on a store with 1 000 000 due lots across 100 000 accounts,
 * against one hand-written SQL statement doing the same update on the same data in the same
 * run. Run it with `npm run bench:expiry` (bench/run.js), which prints the figures last as one
 * JSON line:
 *
 *   seconds         the job, as the scheduler runs it (src/jobs/expire-points.ts with the app's
 *                   container: expirePointsWorkflow expires the lots in batches, writes the
 *                   warnings, then delivers the outbox events on the app's event bus);
 *   sql_ratio       seconds / the hand-written statement's seconds, on the same rows restored;
 *   peak_mb         the Jest process's peak RSS while the job ran (sampled every 100 ms, and
 *                   the kernel's maxRSS); peak_growth_mb is that peak minus the RSS just before
 *                   the job, baseline_mb. The job runs in the real app (Jest + Medusa + the
 *                   plugin), whose baseline is most of peak_mb: peak_growth_mb is what the job
 *                   itself costs. A moduleIntegrationTestRunner would have a smaller baseline,
 *                   but no workflow engine, scheduler container or event bus: not the job.
 *   invariants      verifyAccounts() finds nothing, one expire row per due lot and none twice,
 *                   every balance is the sum of its lots not due, the outbox is empty, and one
 *                   event per account reached the subscriber (the run fails otherwise);
 *   events          loyalty.points_expired events a subscriber received (one per account).
 *
 * BENCH_ACCOUNTS shrinks the store for a quick try. BENCH_BATCH_SIZE and BENCH_CONCURRENCY run
 * expirePointsWorkflow with that batch_size / concurrency instead of the job (which uses the
 * defaults: 1000 accounts per batch, two batches at once).
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
const rssMb = () => process.memoryUsage().rss / 2 ** 20
const maxRssMb = () => process.resourceUsage().maxRSS / 1024
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

        // The job, as the scheduler runs it: expire, warn, deliver the events.
        const events = receiveEvents(container, POINTS_EXPIRED)
        const phases = timePhases(loyalty)
        const memory = watchMemory()
        started = process.hrtime.bigint()
        if (TUNED) {
          await expirePointsWorkflow(container).run({ input: { batch_size: BATCH_SIZE, concurrency: CONCURRENCY } })
        } else {
          await expirePoints(container)
        }
        const jobSeconds = seconds(started)
        // The local bus emits on a promise's then(): let the last events reach the subscriber.
        await new Promise((resolve) => setImmediate(resolve))
        const { baseline, peak } = memory.stop()
        phases.stop()
        events.stop()
        log(`the job took ${jobSeconds.toFixed(1)} s; ${events.count} ${POINTS_EXPIRED} events went out`)

        const ledgerInvariants = await checkExpiryInvariants(knex, SHAPE, (await loyalty.verifyAccounts()).length)
        const eventsOff = events.count === SHAPE.accounts ? [] : [`${events.count} events, expected ${SHAPE.accounts}`]
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
            peak_mb: Math.round(peak),
            peak_growth_mb: Math.round(peak - baseline),
            invariants,
            events: events.count,
            accounts: SHAPE.accounts,
            batch_size: BATCH_SIZE ?? 1000,
            concurrency: CONCURRENCY ?? 2,
            seed_seconds: round1(seedSeconds),
            expire_seconds: round1(phases.seconds.expire),
            expire_batches: phases.calls.expire,
            deliver_seconds: round1(phases.seconds.deliver),
            restore_seconds: round1(restoreSeconds),
            sql_seconds: round1(sqlSeconds),
            sql_invariants: sqlInvariants,
            baseline_mb: Math.round(baseline),
          },
        })
        // The figures are out; a broken invariant still fails the run (a non-zero exit).
        expect({ invariants, sqlInvariants }).toEqual({ invariants: "ok", sqlInvariants: "ok" })
      })
    })
  },
})

/**
 * The app's cron jobs would fire in the middle of a run of minutes: release-pending-points,
 * every 15 minutes, delivers the outbox too, and would take part of the job's events (and
 * time) from it. A benchmark wants the job alone, so the schedules are cleared (the in-memory
 * workflow engine keeps them on the global WorkflowScheduler).
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

/**
 * A subscriber to `name` on the app's event bus, as a store's own (an e-mail, say) would be:
 * the local bus runs it for each event the job delivers.
 */
function receiveEvents(container: MedusaContainer, name: string) {
  const bus: any = container.resolve(Modules.EVENT_BUS)
  const subscriberId = "bench-expiry-events"
  const received = {
    count: 0,
    stop: () => bus.unsubscribe(name, subscriber, { subscriberId }),
  }
  const subscriber = async () => {
    received.count++
  }
  bus.subscribe(name, subscriber, { subscriberId })
  return received
}

/**
 * Wall time of the job's expiry batches and of its event deliveries (the loyalty service's
 * methods): from the first call's start to the last one's end, as batches run side by side.
 */
function timePhases(loyalty: LoyaltyModuleService) {
  const service = loyalty as any
  const phases = { expire: "expireDueBatch", deliver: "deliverEvents" } as const
  const spans = { expire: { from: 0n, to: 0n }, deliver: { from: 0n, to: 0n } }
  const calls = { expire: 0, deliver: 0 }
  const originals: Record<string, unknown> = {}
  for (const [phase, method] of Object.entries(phases) as [keyof typeof phases, string][]) {
    const original = service[method]
    originals[method] = Object.prototype.hasOwnProperty.call(service, method) ? original : undefined
    service[method] = async function timed(this: unknown, ...args: unknown[]) {
      if (!calls[phase]++) spans[phase].from = process.hrtime.bigint()
      try {
        return await original.apply(this, args)
      } finally {
        spans[phase].to = process.hrtime.bigint()
      }
    }
  }
  const seconds = (phase: keyof typeof phases) => Number(spans[phase].to - spans[phase].from) / 1e9
  return {
    calls,
    get seconds() {
      return { expire: seconds("expire"), deliver: seconds("deliver") }
    },
    stop() {
      for (const method of Object.values(phases)) {
        if (originals[method]) service[method] = originals[method]
        else delete service[method]
      }
    },
  }
}

/** The process's RSS just before the job, and its peak while the job runs. */
function watchMemory() {
  const baseline = rssMb()
  const maxRssBefore = maxRssMb()
  let peak = baseline
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 100)
  return {
    stop() {
      clearInterval(sampler)
      // The kernel's high-water mark catches a peak between samples, once it passes the
      // process's earlier one (the seed's, say).
      const maxRss = maxRssMb()
      peak = Math.max(peak, rssMb(), maxRss > maxRssBefore ? maxRss : 0)
      return { baseline, peak }
    },
  }
}
