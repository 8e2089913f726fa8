import { type Allocation, allocateFifo, settleDebts, spendFromHold } from "../../../lib"
import { notEnoughPoints } from "./errors"
import { expireLockedAccounts } from "./expiry"
import type { LedgerStore } from "./ledger-store"
import type { AccountRow, DebitInput, OpenLot, ReservationRow, TransactionRow } from "./types"

/**
 * How points leave and enter lots on an account the caller has locked: a
 * debit's FIFO spend, a hold's spend, debt paid from new points, a pending
 * lot made available, due lots expired before anything spends. The ledger
 * operations (ledger-operations.ts, cart-holds.ts) are made of these.
 */

/** Credits that count towards lifetime_earned (restores give back spent points). */
export const EARNING_TYPES = new Set(["earn", "bonus", "referral", "adjust"])

/** Credits and debits that count as a shopper's activity, for inactivity expiry. */
export const ACTIVITY_TYPES = new Set(["earn", "bonus", "referral", "redeem"])

/** What a debit row is made of, whatever it draws on. */
export type SpendInput = Omit<DebitInput, "customer_id" | "type"> & { type: TransactionRow["type"] }

/** The descriptive columns every ledger row takes from its operation's input. */
export function rowFields(input: {
  reason?: string | null
  order_id?: string | null
  reference?: string | null
  created_by?: string | null
  details?: Record<string, unknown> | null
  idempotency_key: string
}) {
  return {
    order_id: input.order_id ?? null,
    reference: input.reference ?? null,
    reason: input.reason ?? null,
    created_by: input.created_by ?? null,
    idempotency_key: input.idempotency_key,
    details: input.details ?? null,
  }
}

/** An open lot as spending sees it: only the part no cart holds. */
export function freePart(lot: OpenLot) {
  return { id: lot.id, remaining: lot.free, expires_at: lot.expires_at, created_at: lot.created_at }
}

/**
 * Writes the debit row and takes its points from lots, FIFO, never from
 * the parts carts hold. A clawback that only held points could cover makes
 * that part debt, whatever the program says about negative balances: the
 * cart's order pays it, or the points pay it back when the hold ends.
 */
export async function spend(
  store: LedgerStore,
  account: AccountRow,
  input: SpendInput & {
    preferLotId?: string
    allowDebt: boolean
    shortfallAllowed?: boolean
  }
): Promise<TransactionRow> {
  const lots = await store.lotsToSpend(account.id, input.points, { preferLotId: input.preferLotId })
  const { allocations, shortfall } = allocateFifo(lots.map(freePart), input.points, input.preferLotId)
  const heldShortfall =
    shortfall > 0 && !input.allowDebt && input.shortfallAllowed
      ? Math.min(shortfall, await store.heldPoints(account.id))
      : 0
  const debt = input.allowDebt ? shortfall : heldShortfall
  const uncovered = shortfall - debt
  if (uncovered > 0 && !input.shortfallAllowed) {
    throw notEnoughPoints(account, input.points)
  }
  return writeDebit(store, account, input, lots, allocations, {
    debt,
    ...(uncovered > 0 ? { shortfall: uncovered } : {}),
  })
}

/**
 * Spends `points` of a cart's hold for its order: the held parts, first-expiring
 * first. A hold that a clawback left uncovered (from before holds named their
 * lots) makes the rest debt, paid from unheld points once the hold ends.
 */
export async function spendHold(store: LedgerStore, account: AccountRow, hold: ReservationRow, input: SpendInput) {
  const lots = (await store.findTransactions(hold.lots.map((part) => part.lot_id))).filter(
    (lot) => lot.account_id === account.id && lot.status === "available" && lot.points > 0
  )
  const open = lots.map((lot) => ({ ...lot, remaining: lot.remaining ?? 0 }))
  const { allocations, shortfall } = spendFromHold(open, hold.lots, input.points)
  return writeDebit(store, account, input, open, allocations, { debt: shortfall })
}

/** The debit row for `allocations` taken from `lots`, plus `debt` the lots did not cover. */
async function writeDebit(
  store: LedgerStore,
  account: AccountRow,
  input: SpendInput,
  lots: { id: string; remaining: number | null }[],
  allocations: Allocation[],
  { debt, shortfall }: { debt: number; shortfall?: number }
): Promise<TransactionRow> {
  for (const { lot_id, points: taken } of allocations) {
    const lot = lots.find((l) => l.id === lot_id)!
    await store.setLot(lot_id, { remaining: lot.remaining! - taken })
  }
  const points = allocations.reduce((sum, part) => sum + part.points, 0) + debt
  const details = { ...(input.details ?? {}), lots: allocations, ...(shortfall ? { shortfall } : {}) }
  await store.applyFigures(
    account.id,
    { balance: -points, lifetime_spent: input.type === "redeem" ? points : 0 },
    ACTIVITY_TYPES.has(input.type)
  )
  // A reversal that found nothing to take still writes its (zero) row, so the
  // key is spent and the shortfall is on record.
  return store.insertTransaction({
    account_id: account.id,
    type: input.type,
    points: -points,
    status: "available",
    remaining: null,
    unsettled: debt || null,
    available_at: null,
    expires_at: null,
    ...rowFields({ ...input, details }),
  })
}

/** A new credit pays outstanding debt first; returns what is left for its lot. */
export async function payDebts(store: LedgerStore, accountId: string, points: number) {
  const debts = await store.openDebts(accountId)
  if (!debts.length) {
    return points
  }
  const { settlements, leftover } = settleDebts(
    debts.map((d) => ({ id: d.id, unsettled: d.unsettled!, created_at: d.created_at })),
    points
  )
  for (const { debt_id, points: paid } of settlements) {
    const debt = debts.find((d) => d.id === debt_id)!
    await store.setUnsettled(debt_id, debt.unsettled! - paid)
  }
  return leftover
}

/** Makes a locked pending lot available, paying debt first; returns the points released. */
export async function releaseLockedLot(store: LedgerStore, lot: TransactionRow) {
  const points = lot.remaining ?? 0
  const remaining = await payDebts(store, lot.account_id, points)
  await store.setLot(lot.id, { remaining, status: "available" })
  await store.applyFigures(lot.account_id, { balance: points, pending: -points })
  return points
}

/**
 * Expires the locked account's lots whose time has passed before it spends,
 * so spending never takes expired points; the same statement as the job's.
 */
export async function expireDueLocked(
  store: LedgerStore,
  account: AccountRow,
  now: Date
): Promise<{ account: AccountRow }> {
  const { lots } = await expireLockedAccounts(store.trx, [account.id], { now })
  return { account: lots ? (await store.lockAccount(account.id))! : account }
}
