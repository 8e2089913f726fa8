import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import expirePoints from "../../src/jobs/expire-points"
import { LOYALTY_MODULE } from "../../src/modules/loyalty"
import { POINTS_EXPIRED } from "../../src/modules/loyalty/ledger/expiry"
import { POINTS_EXPIRING } from "../../src/modules/loyalty/ledger/warnings"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { expirePointsWorkflow } from "../../src/workflows"
import { RESULT_PREFIX, type ExpiryJobResult } from "./expiry-job-result"
import { statusMb, watchMemory } from "./memory"

/**
 * The expiry benchmark's job, in a process of its own: `medusa exec bench/lib/run-expiry-job.ts`
 * (bench/lib/expiry-process.ts starts it against the database the benchmark seeded). Medusa boots
 * the app as for any script, without HTTP, admin or cron jobs, and calls this with its container:
 * this runs src/jobs/expire-points.ts as the scheduler would (or expirePointsWorkflow with
 * BENCH_BATCH_SIZE / BENCH_CONCURRENCY), with a subscriber counting the events, and prints one
 * line, `RESULT_PREFIX {…}`, with what it measured of this process:
 *
 *   seconds          the job alone, from the call to its return;
 *   boot_seconds     from this process's start to the call: Node, ts-node, the app's loaders;
 *   boot_peak_mb     the process's peak RSS until then (the kernel's VmHWM);
 *   baseline_mb      RSS just before the job;
 *   peak_mb          peak RSS while the job ran: the kernel's VmHWM, reset just before the job
 *                    (clear_refs), and RSS sampled every 100 ms; `peak_source` is "sampled" where
 *                    VmHWM cannot be reset (then it counts only once it passes boot's peak).
 */

const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE) || undefined
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY) || undefined

export default async function runExpiryJob({ container }: ExecArgs) {
  const bootSeconds = process.uptime()
  const bootPeak = statusMb("VmHWM")
  const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  const events = receiveEvents(container, POINTS_EXPIRED)
  const warnings = receiveEvents(container, POINTS_EXPIRING)
  const phases = timePhases(loyalty)
  const memory = watchMemory()

  const started = process.hrtime.bigint()
  if (BATCH_SIZE !== undefined || CONCURRENCY !== undefined) {
    await expirePointsWorkflow(container).run({ input: { batch_size: BATCH_SIZE, concurrency: CONCURRENCY } })
  } else {
    await expirePoints(container)
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  // The local bus emits on a promise's then(): let the last events reach the subscriber.
  await new Promise((resolve) => setImmediate(resolve))
  const { baseline, peak, source } = memory.stop()
  phases.stop()
  events.stop()
  warnings.stop()

  const result: ExpiryJobResult = {
    seconds,
    boot_seconds: bootSeconds,
    events: events.count,
    warning_events: warnings.count,
    expire_seconds: phases.seconds.expire,
    expire_batches: phases.calls.expire,
    warn_seconds: phases.seconds.warn,
    warn_batches: phases.calls.warn,
    warn_inactive_seconds: phases.seconds.warn_inactive,
    warn_inactive_batches: phases.calls.warn_inactive,
    deliver_seconds: phases.seconds.deliver,
    pid: process.pid,
    boot_peak_mb: bootPeak,
    baseline_mb: baseline,
    peak_mb: peak,
    peak_source: source,
    heap_mb: process.memoryUsage().heapUsed / 2 ** 20,
    worker_mode: String(process.env.MEDUSA_WORKER_MODE ?? ""),
  }
  // stdout is a pipe: synchronous on Linux, so the line is out before `medusa exec` exits.
  process.stdout.write(`\n${RESULT_PREFIX} ${JSON.stringify(result)}\n`)
}

/**
 * A subscriber to `name` on the app's event bus, as a store's own (an e-mail, say) would be:
 * the local bus runs it for each event the job delivers. It takes the place of the
 * subscribers the app has for `name` (the test app's host-app sends an e-mail per
 * loyalty.points_expiring, a customer query and a notification each): what they do is the
 * store's work, not the plugin's, and 30 000 of them at once would be most of the run.
 */
function receiveEvents(container: MedusaContainer, name: string) {
  const bus: any = container.resolve(Modules.EVENT_BUS)
  bus.eventEmitter_?.removeAllListeners(name)
  const subscriberId = `bench-${name}`
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
 * Wall time of the job's expiry batches, its lot warnings, its inactivity warnings and its event
 * deliveries (the loyalty service's methods): from the first call's start to the last one's end,
 * as batches run side by side.
 */
function timePhases(loyalty: LoyaltyModuleService) {
  const service = loyalty as any
  const phases = {
    expire: "expireDueBatch",
    warn: "warnExpiringBatch",
    warn_inactive: "warnInactiveBatch",
    deliver: "deliverEvents",
  } as const
  type Phase = keyof typeof phases
  const spans = Object.fromEntries(Object.keys(phases).map((phase) => [phase, { from: 0n, to: 0n }])) as Record<
    Phase,
    { from: bigint; to: bigint }
  >
  const calls = Object.fromEntries(Object.keys(phases).map((phase) => [phase, 0])) as Record<Phase, number>
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
  const seconds = (phase: Phase) => Number(spans[phase].to - spans[phase].from) / 1e9
  return {
    calls,
    get seconds() {
      return Object.fromEntries(Object.keys(phases).map((phase) => [phase, seconds(phase as Phase)])) as Record<Phase, number>
    },
    stop() {
      for (const method of Object.values(phases)) {
        if (originals[method]) service[method] = originals[method]
        else delete service[method]
      }
    },
  }
}
