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

/**
 * What an account's cached figures must be, from its ledger alone. Test-only
 * (production checks the same in SQL, ledger/verify.ts): kept while
 * ledger-properties.unit.spec.ts uses it; goes with that file.
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
