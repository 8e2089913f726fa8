export type CreditType = "earn" | "bonus" | "referral" | "adjust" | "restore"
export type DebitType = "redeem" | "adjust" | "reversal" | "expire"
export type TransactionType = CreditType | DebitType

export type AccountRow = {
  id: string
  customer_id: string
  balance: number
  pending: number
  reserved: number
  lifetime_earned: number
  lifetime_spent: number
  tier_id?: string | null
}

export type TransactionRow = {
  id: string
  account_id: string
  type: TransactionType
  points: number
  status: "pending" | "available" | "void"
  remaining: number | null
  unsettled: number | null
  available_at: Date | null
  expires_at: Date | null
  order_id: string | null
  reference: string | null
  reason: string | null
  created_by: string | null
  idempotency_key: string
  details: Record<string, unknown> | null
  created_at: Date
  /** Set when an idempotency key found this row already written: nothing new happened. */
  replayed?: true
}

/** An open credit lot as a debit reads it: `free` is the part no cart holds. */
export type OpenLot = {
  id: string
  remaining: number
  free: number
  expires_at: Date | null
  created_at: Date
}

export type ReservationRow = {
  id: string
  account_id: string
  cart_id: string
  points: number
  /** The lots the held points come from, first-expiring first. */
  lots: { lot_id: string; points: number }[]
  promotion_id: string | null
  status: "active" | "committed" | "released"
  expires_at: Date
  order_id: string | null
}

/** Changes to an account's cached figures, applied with the ledger rows. */
export type FigureDeltas = Partial<
  Record<"balance" | "pending" | "reserved" | "lifetime_earned" | "lifetime_spent", number>
>

type Common = {
  reason?: string | null
  order_id?: string | null
  reference?: string | null
  created_by?: string | null
  details?: Record<string, unknown> | null
  idempotency_key: string
  /**
   * An event to announce the row with, written to the outbox in the row's transaction (so a
   * failure after the write cannot lose it, and a replay of the key cannot send it twice).
   */
  event?: string
}

export type CreditInput = Common & {
  customer_id: string
  type: CreditType
  points: number
  status: "pending" | "available"
  available_at?: Date | null
  expires_at?: Date | null
}

export type DebitInput = Common & {
  customer_id: string
  type: "redeem" | "adjust"
  points: number
}

export type AdjustInput = Common & {
  customer_id: string
  points: number
  reason: string
  expires_at?: Date | null
}

/**
 * Takes back `points` of a credit lot, or, with `keep_points`, whatever the
 * lot holds beyond that (never giving any back): the form order clawbacks use,
 * so that events arriving late or out of order cannot take too much.
 */
export type ReverseInput = Common & {
  transaction_id: string
} & ({ points: number; keep_points?: never } | { keep_points: number; points?: never })

/** Gives back points spent on an order beyond what the order still keeps spent. */
export type RestoreSpentInput = Common & {
  order_id: string
  keep_spent_points: number
}

/**
 * Brings what an order's earn lots hold to `target_points`, what its items
 * earn now: reverses the excess (the newest lots first) or credits what the
 * target adds beyond what the order was entitled to, as a further lot.
 */
export type SettleOrderEarningInput = {
  order_id: string
  target_points: number
  reason: string
  /** The order's own earn key: a further lot takes `<key>:<n>`, the n-th earn lot of the order. */
  earn_key: string
  /** A further lot: pending or available, its timing, its details, cut to max_balance. */
  credit: Pick<CreditInput, "status" | "available_at" | "expires_at" | "details" | "event"> & { max_balance: number | null }
  /** Announces the points reversed now (their sum, once per settlement), in its transaction. */
  reversed_event?: string
}

export type OrderEarningSettlement = {
  account_id: string
  /** The lot a rise credited now (null when none or when it was there already). */
  credited: TransactionRow | null
  /** Points reversed now (positive). */
  reversed: number
}

export type ReserveInput = {
  customer_id: string
  cart_id: string
  points: number
  expires_at: Date
  promotion_id?: string | null
}

export type CommitReservationInput = {
  cart_id: string
  order_id: string
  /** The points the order's discount is worth, when less than the hold (the rest is released). */
  points?: number
  /** Announces the redeem row, in its transaction. */
  event?: string
}

export type AccountDiscrepancy = {
  account_id: string
  field: string
  expected: number
  actual: number
}

/**
 * A bonus lot, available now: `points` is what the program grants, cut to
 * what fits under `max_balance` (null: no limit).
 */
export type BonusCreditInput = Omit<CreditInput, "type" | "status"> & {
  bonus: string
  max_balance: number | null
  /** Available now unless it comes from an order: then pending for the return window like the order's points. */
  status?: CreditInput["status"]
}

/** A birthday bonus for every account celebrating on one of `celebrated` ("MM-DD") of `year`. */
export type BirthdayBatchInput = {
  celebrated: string[]
  year: number
  points: number
  expires_at: Date | null
  max_balance: number | null
  reason: string
}

/** What a shopper sets on their own account. */
export type AccountProfile = { birthday: string | null; newsletter_opt_in: boolean | null }
