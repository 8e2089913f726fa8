import type { BatchResult } from "../../../modules/loyalty/service"

export type BatchTotals = { batches: number; lots: number; points: number; accounts: number; skipped: number }

/**
 * Runs `batch` from the first account to the last, each batch in its own
 * transaction, so a run killed halfway has committed whole batches only and
 * the next run carries on. Accounts skipped because another transaction held
 * them get one more sweep at the end; what is still held then is left for the
 * next run.
 */
export async function runBatches(batch: (after: string | null) => Promise<BatchResult>): Promise<BatchTotals> {
  const totals: BatchTotals = { batches: 0, lots: 0, points: 0, accounts: 0, skipped: 0 }
  for (let sweep = 0; sweep < 2; sweep++) {
    let after: string | null = null
    let skipped = 0
    do {
      const result = await batch(after)
      totals.batches++
      totals.lots += result.lots
      totals.points += result.points
      totals.accounts += result.accounts
      skipped += result.skipped
      after = result.next_after
    } while (after !== null)
    totals.skipped = skipped
    if (!skipped) {
      break
    }
  }
  return totals
}
