/** What bench/lib/run-expiry-job.ts measured in its process, printed as `RESULT_PREFIX {…}`. */
export type ExpiryJobResult = {
  /** The job alone, from the call to its return. */
  seconds: number
  /** From the process's start to the job's call: Node, the TypeScript hook, the app's loaders. */
  boot_seconds: number
  /** loyalty.points_expired events the process's subscriber received. */
  events: number
  /** loyalty.points_expiring events the process's subscriber received. */
  warning_events: number
  expire_seconds: number
  expire_batches: number
  /** The lot warnings (warnExpiringBatch calls), first call to last. */
  warn_seconds: number
  warn_batches: number
  /** The inactivity warnings (warnInactiveBatch calls), first call to last. */
  warn_inactive_seconds: number
  warn_inactive_batches: number
  deliver_seconds: number
  pid: number
  /** The process's peak RSS during boot (the kernel's VmHWM before the job). */
  boot_peak_mb: number
  /** RSS just before the job. */
  baseline_mb: number
  /** Peak RSS while the job ran. */
  peak_mb: number
  /** VmHWM: the kernel's high-water mark, reset before the job; sampled: RSS every 100 ms. */
  peak_source: "VmHWM" | "sampled"
  heap_mb: number
  worker_mode: string
}

export const RESULT_PREFIX = "BENCH_EXPIRY_JOB"
