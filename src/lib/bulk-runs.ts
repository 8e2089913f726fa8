/**
 * Runs of a bulk adjustment. A run is everything sent with one `idempotency_key`
 * (in one request or in chunks); each of its rows is written once under
 * `bulk:<key>:<row>`, so sending the run again credits nobody twice. A
 * deliberate repeat of the same content is a run of its own, `<key>#2`,
 * `<key>#3`, …: it credits each row once more, once.
 */

/** The ledger key of one row of a run: the customer id, or `row<n>` for a CSV row. */
export const bulkRowKey = (runKey: string, ref: string) => `bulk:${runKey}:${ref}`

/** The key of the n-th run of the same content (the first is the key itself). */
export const bulkRepeatKey = (runKey: string, repeat: number) => (repeat === 1 ? runKey : `${runKey}#${repeat}`)

/** What the ledger holds of one run. */
export type BulkRun = {
  idempotency_key: string
  /** 1 for the run itself, n for its (n−1)-th repeat. */
  repeat: number
  /** When its first and last rows were written. */
  credited_at: Date
  last_credited_at: Date
  /** Ledger rows it wrote (one per customer or CSV row credited or debited) and their points. */
  transactions: number
  points: number
}

/**
 * LIKE patterns (backslash escapes) that match the ledger keys of a run and of
 * its repeats, and maybe others (`<key>#x:…`), which bulkRunsOf leaves out.
 */
export function bulkRunKeyPatterns(runKey: string): string[] {
  const literal = `bulk:${runKey}`.replace(/[\\%_]/g, "\\$&")
  return [`${literal}:%`, `${literal}#%`]
}

/** The runs of `runKey` and its repeats in these ledger rows, in order of repeat. */
export function bulkRunsOf(
  runKey: string,
  rows: { idempotency_key: string; points: number; created_at: Date | string }[]
): BulkRun[] {
  const prefix = `bulk:${runKey}`
  const runs = new Map<number, BulkRun>()
  for (const row of rows) {
    if (!row.idempotency_key.startsWith(prefix)) {
      continue
    }
    const rest = row.idempotency_key.slice(prefix.length)
    const repeat = rest.startsWith(":") ? 1 : Number(/^#([1-9]\d*):/.exec(rest)?.[1] ?? NaN)
    // `<key>#1` is not a repeat (the first run is the key itself), nor is `<key>#x`.
    if (!Number.isSafeInteger(repeat) || (repeat === 1 && !rest.startsWith(":"))) {
      continue
    }
    const at = new Date(row.created_at)
    const run = runs.get(repeat)
    if (!run) {
      runs.set(repeat, {
        idempotency_key: bulkRepeatKey(runKey, repeat),
        repeat,
        credited_at: at,
        last_credited_at: at,
        transactions: 1,
        points: row.points,
      })
      continue
    }
    run.transactions += 1
    run.points += row.points
    if (at < run.credited_at) {
      run.credited_at = at
    }
    if (at > run.last_credited_at) {
      run.last_credited_at = at
    }
  }
  return [...runs.values()].sort((a, b) => a.repeat - b.repeat)
}

/** The key a deliberate repeat sends: one past the last run of this content. */
export function nextBulkRepeatKey(runKey: string, runs: BulkRun[]): string {
  return bulkRepeatKey(runKey, Math.max(1, ...runs.map((run) => run.repeat)) + 1)
}
