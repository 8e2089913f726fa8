/** A ledger row as the projection needs it (see loyalty_transaction). */
export type LedgerRow = {
  id: string
  type: "earn" | "bonus" | "referral" | "adjust" | "redeem" | "reversal" | "restore" | "expire"
  points: number
  status: "pending" | "available" | "void"
  /** Credits: what is still unspent. */
  remaining: number | null
  /** Debits: the part no lot covered, a debt paid off by later credits. */
  unsettled: number | null
  expires_at: Date | null
  created_at: Date
}

export type AccountFigures = { balance: number; pending: number }

export type FigureDifference = { field: string; expected: number; actual: number }

/**
 * What an account's cached figures must be, from its ledger alone:
 * balance = Σ remaining of available credit lots − Σ unsettled of debits;
 * pending = Σ remaining of pending credit lots.
 * Lots past `expires_at` still count: expiry takes effect only when the
 * expiry job writes its `expire` row. Void lots count nowhere.
 */
export function figuresFromLedger(rows: LedgerRow[]): AccountFigures {
  let balance = 0
  let pending = 0
  for (const row of rows) {
    if (row.points > 0 && row.status === "available") {
      balance += row.remaining ?? 0
    } else if (row.points > 0 && row.status === "pending") {
      pending += row.remaining ?? 0
    } else if (row.points < 0) {
      balance -= row.unsettled ?? 0
    }
  }
  return { balance, pending }
}

/**
 * The fields of `expected` whose value differs in `actual` (a missing one
 * reads as NaN). Fields only in `actual` are ignored: a row has more columns
 * than the ledger can check.
 */
export function diffFigures(
  expected: Record<string, number>,
  actual: Record<string, number>
): FigureDifference[] {
  const differences: FigureDifference[] = []
  for (const [field, value] of Object.entries(expected)) {
    const found = Object.prototype.hasOwnProperty.call(actual, field) ? actual[field] : Number.NaN
    if (found !== value) {
      differences.push({ field, expected: value, actual: found })
    }
  }
  return differences
}
