import type { BatchResult } from "../../../types/loyalty"

export type BatchTotals = { batches: number; lots: number; points: number; accounts: number; skipped: number }

/**
 * Runs `batch` from the first account to the last, each batch in its own
 * transaction, so a run killed halfway has committed whole batches only and
 * the next run carries on. Accounts skipped because another transaction held
 * them get one more sweep at the end that waits for their locks (another run of
 * the same job, an expiry batch or a checkout holds them briefly), so a run does
 * all that was due when it started; only an account still held after the lock
 * timeout is left for the next run.
 *
 * With `bounds` (ILoyaltyModuleService.accountRangeBounds), the accounts are
 * split into ranges and each range has its own run of batches, all at once:
 * the database works on several batches instead of one, and none waits for
 * another (each range has its own accounts, locked SKIP LOCKED).
 */
export type BatchSweep = { after: string | null; until: string | null; wait_for_locks: boolean }

export async function runBatches(
  batch: (sweep: BatchSweep) => Promise<BatchResult>,
  { bounds = [] }: { bounds?: string[] } = {}
): Promise<BatchTotals> {
  const totals: BatchTotals = { batches: 0, lots: 0, points: 0, accounts: 0, skipped: 0 }
  const run = async (from: string | null, until: string | null, wait_for_locks = false) => {
    let after = from
    let skipped = 0
    do {
      const result = await batch({ after, until, wait_for_locks })
      totals.batches++
      totals.lots += result.lots
      totals.points += result.points
      totals.accounts += result.accounts
      skipped += result.skipped
      after = result.next_after
    } while (after !== null)
    return skipped
  }

  // Ranges (none, bounds[0]], (bounds[0], bounds[1]], …, (last bound, none).
  const froms = [null, ...bounds]
  const skipped = await Promise.all(froms.map((from, i) => run(from, bounds[i] ?? null)))
  totals.skipped = skipped.reduce((sum, n) => sum + n, 0)
  if (totals.skipped) {
    totals.skipped = await run(null, null, true).catch((error) => {
      if (isLockTimeout(error)) return totals.skipped
      throw error
    })
  }
  return totals
}

/** PostgreSQL's lock_not_available, raised when the waiting sweep's lock_timeout passes. */
function isLockTimeout(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string }
  return code === "55P03" || /lock timeout/i.test(message ?? "")
}
