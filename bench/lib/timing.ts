/**
 * Timing for benchmarks that compare a plugin's request (a) with Medusa's own (b) in one run.
 *
 * Each run times one `a` and one `b` back to back, so load from anything else on the machine
 * hits both alike; which one goes first alternates between runs, so neither always gets the
 * warmer caches. The figure is the median of the per-run ratios a/b; each side's median and
 * 95th percentile go beside it.
 */

export type Comparison = {
  runs: number
  /** Median of the per-run ratios a/b: the benchmark's figure. */
  ratio: number
  a_median_ms: number
  b_median_ms: number
  a_p95_ms: number
  b_p95_ms: number
}

export type AlternatingOptions<Prepared> = {
  runs: number
  /** Untimed runs first, so JIT and caches are warm for both sides. */
  warmup: number
  /** Untimed: what one run needs (e.g. two carts). */
  prepare: (run: number) => Promise<Prepared>
  a: (prepared: Prepared) => Promise<unknown>
  b: (prepared: Prepared) => Promise<unknown>
  /** Untimed, after each timed call: e.g. wait until subscribers it triggered are done. */
  settle?: () => Promise<void>
  /**
   * Stops after the run that takes the timed runs' total past this, once one has counted: a
   * side that takes minutes is timed fewer times (`runs` in the result says how many).
   */
  maxMs?: number
}

export async function compareAlternately<Prepared>(
  options: AlternatingOptions<Prepared>
): Promise<Comparison> {
  const { runs, warmup, prepare, a, b, settle = async () => {}, maxMs = Infinity } = options
  const aTimes: number[] = []
  const bTimes: number[] = []
  const timed = async (call: () => Promise<unknown>) => {
    const took = await timeMs(call)
    await settle()
    return took
  }
  for (let run = 0; run < warmup + runs; run++) {
    const prepared = await prepare(run)
    await settle()
    let aMs: number
    let bMs: number
    if (run % 2 === 0) {
      aMs = await timed(() => a(prepared))
      bMs = await timed(() => b(prepared))
    } else {
      bMs = await timed(() => b(prepared))
      aMs = await timed(() => a(prepared))
    }
    if (run >= warmup) {
      aTimes.push(aMs)
      bTimes.push(bMs)
      if (sum(aTimes) + sum(bTimes) > maxMs) {
        break
      }
    }
  }
  return {
    runs: aTimes.length,
    ratio: median(aTimes.map((aMs, i) => aMs / bTimes[i])),
    a_median_ms: median(aTimes),
    b_median_ms: median(bTimes),
    a_p95_ms: percentile(aTimes, 95),
    b_p95_ms: percentile(bTimes, 95),
  }
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)

export async function timeMs(call: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint()
  await call()
  return Number(process.hrtime.bigint() - start) / 1e6
}

export function median(values: number[]): number {
  if (!values.length) {
    throw new Error("median of no values")
  }
  const sorted = [...values].sort((x, y) => x - y)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** The nearest-rank percentile: the smallest value with `p` % of the values at or below it. */
export function percentile(values: number[], p: number): number {
  if (!values.length) {
    throw new Error("percentile of no values")
  }
  const sorted = [...values].sort((x, y) => x - y)
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]
}
