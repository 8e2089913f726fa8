import { LedgerRow } from "../account-figures"
import {
  type Allocation,
  allocateFifo,
  dueForExpiry,
  heldByLot,
  settleDebts,
  sortLotsForSpending,
  spendFromHold,
  unheldParts,
} from "../lots"

const DAY = 24 * 60 * 60 * 1000

export type Reservation = {
  id: string
  points: number
  /** The lots the held points come from. */
  lots: Allocation[]
  status: "active" | "committed" | "released"
}

/**
 * One account's ledger in memory, following DESIGN.md §2 with the src/lib
 * functions. It keeps its cached figures by deltas, as the module service
 * does, so tests can hold them against figuresFromLedger(rows).
 *
 * Policies (the service should match them):
 * - an available credit pays debts first, oldest first;
 * - a reversal takes at most what the lot has not yet lost to reversal or
 *   expiry, its own lot first, and leaves debt for what was already spent;
 * - a hold takes its points from the lots no other cart holds, first-expiring
 *   first, after the due points no cart holds have expired; those parts are
 *   the cart's: expiry and other debits take only what no cart holds;
 * - an order spends its cart's held parts, even past their expiry; a
 *   clawback that finds only held points leaves debt for them;
 * - when a hold ends or shrinks, its due parts expire and the rest pays any
 *   debt first.
 */
export class ReferenceLedger {
  readonly rows: LedgerRow[] = []
  readonly reservations: Reservation[] = []
  readonly figures = { balance: 0, pending: 0, reserved: 0 }
  now: Date
  private seq = 0
  /** Points each lot lost to reversal or expiry, so they are never taken twice. */
  private readonly taken = new Map<string, number>()

  constructor(now = new Date(Date.UTC(2026, 0, 1))) {
    this.now = now
  }

  get spendable() {
    return this.figures.balance - this.figures.reserved
  }

  /** Credit lots, with `remaining` as a number, for the lot functions. */
  get lots() {
    return this.rows
      .filter((row) => row.points > 0)
      .map((row) => ({ ...row, remaining: row.remaining ?? 0 }))
  }

  /** What active holds keep of each lot. */
  get held() {
    return heldByLot(this.reservations.filter((r) => r.status === "active").map((r) => r.lots))
  }

  /** Available lots, with only the parts no cart holds (but `ownHold`'s own) as remaining. */
  private freeLots(ownHold?: Reservation) {
    const held = heldByLot(
      this.reservations.filter((r) => r.status === "active" && r !== ownHold).map((r) => r.lots)
    )
    return unheldParts(this.lots.filter((lot) => lot.status === "available"), held)
  }

  advance(days: number) {
    this.now = new Date(this.now.getTime() + days * DAY)
  }

  credit(input: {
    points: number
    status: "pending" | "available"
    expiresInDays?: number | null
    type?: LedgerRow["type"]
  }): LedgerRow {
    const available = input.status === "available"
    const remaining = available ? this.payDebts(input.points) : input.points
    const row = this.write({
      type: input.type ?? "earn",
      points: input.points,
      status: input.status,
      remaining,
      expires_at: input.expiresInDays ? new Date(this.now.getTime() + input.expiresInDays * DAY) : null,
    })
    if (available) {
      this.figures.balance += input.points
    } else {
      this.figures.pending += input.points
    }
    return row
  }

  release(lotId: string): boolean {
    const lot = this.lot(lotId)
    if (lot.status !== "pending") {
      return false
    }
    const points = lot.remaining!
    lot.remaining = this.payDebts(points)
    lot.status = "available"
    this.figures.balance += points
    this.figures.pending -= points
    return true
  }

  /** A direct spend (redeem or negative adjustment): never overdraws. */
  debit(points: number): LedgerRow | null {
    if (this.spendable < points) {
      return null
    }
    const row = this.spend("redeem", points)
    if (row.unsettled) {
      throw new Error(`a covered debit of ${points} left debt ${row.unsettled}`)
    }
    return row
  }

  reverse(lotId: string, points: number): LedgerRow | null {
    const lot = this.lot(lotId)
    const reversible = Math.min(points, lot.points - (this.taken.get(lot.id) ?? 0))
    if (reversible <= 0 || lot.status === "void") {
      return null
    }
    this.taken.set(lot.id, (this.taken.get(lot.id) ?? 0) + reversible)
    if (lot.status === "pending") {
      lot.remaining! -= reversible
      lot.status = lot.remaining === 0 ? "void" : "pending"
      this.figures.pending -= reversible
      return this.write({ type: "reversal", points: -reversible })
    }
    return this.spend("reversal", reversible, lot.id)
  }

  expireDue(): LedgerRow[] {
    const due = sortLotsForSpending(unheldParts(this.lots, this.held).filter((lot) => dueForExpiry(lot, this.now)))
    const written: LedgerRow[] = []
    for (const lot of due) {
      const points = lot.remaining
      this.lot(lot.id).remaining! -= points
      this.taken.set(lot.id, (this.taken.get(lot.id) ?? 0) + points)
      this.figures.balance -= points
      written.push(this.write({ type: "expire", points: -points }))
    }
    return written
  }

  reserve(points: number): Reservation | null {
    this.expireDue()
    if (this.spendable < points) {
      return null
    }
    const { allocations } = allocateFifo(this.freeLots(), points)
    const reservation: Reservation = { id: `res_${this.nextId()}`, points, lots: allocations, status: "active" }
    this.reservations.push(reservation)
    this.figures.reserved += points
    return reservation
  }

  /** A new amount for a hold, allocated afresh from its own parts and the unheld ones. */
  replace(reservationId: string, points: number): Reservation | null {
    const reservation = this.activeReservation(reservationId)
    this.expireDue()
    if (!reservation || this.spendable + reservation.points < points) {
      return null
    }
    reservation.lots = allocateFifo(this.freeLots(reservation), points).allocations
    this.figures.reserved += points - reservation.points
    reservation.points = points
    this.afterHoldShrank()
    return reservation
  }

  /** The order spends its cart's held parts, first-expiring first, expired or not. */
  commit(reservationId: string): LedgerRow | null {
    const reservation = this.activeReservation(reservationId)
    if (!reservation) {
      return null
    }
    const { allocations } = spendFromHold(this.lots, reservation.lots, reservation.points)
    reservation.status = "committed"
    this.figures.reserved -= reservation.points
    const row = this.take("redeem", reservation.points, allocations)
    this.afterHoldShrank()
    return row
  }

  releaseReservation(reservationId: string): boolean {
    const reservation = this.activeReservation(reservationId)
    if (!reservation) {
      return false
    }
    reservation.status = "released"
    this.figures.reserved -= reservation.points
    this.afterHoldShrank()
    return true
  }

  /** What a hold no longer keeps is free: due parts expire, the rest pays debt first. */
  private afterHoldShrank() {
    this.expireDue()
    const owed = this.rows.reduce((sum, row) => sum + (row.points < 0 ? row.unsettled ?? 0 : 0), 0)
    const { allocations, shortfall } = allocateFifo(this.freeLots(), owed)
    for (const { lot_id, points } of allocations) {
      this.lot(lot_id).remaining! -= points
    }
    this.payDebts(owed - shortfall)
  }

  /** Takes points from what no cart holds, FIFO; what that cannot cover is debt. */
  private spend(type: LedgerRow["type"], points: number, preferLotId?: string): LedgerRow {
    const { allocations } = allocateFifo(this.freeLots(), points, preferLotId)
    return this.take(type, points, allocations)
  }

  /** Writes a debit of `points`, taken from the lots as `allocations` says; the rest is debt. */
  private take(type: LedgerRow["type"], points: number, allocations: Allocation[]): LedgerRow {
    const shortfall = points - allocations.reduce((sum, a) => sum + a.points, 0)
    for (const { lot_id, points: spent } of allocations) {
      this.lot(lot_id).remaining! -= spent
    }
    this.figures.balance -= points
    return this.write({ type, points: -points, unsettled: shortfall || null })
  }

  /** Pays debts with `points`, oldest first; returns what is left. */
  private payDebts(points: number): number {
    const debts = this.rows
      .filter((row) => row.points < 0 && (row.unsettled ?? 0) > 0)
      .map((row) => ({ id: row.id, unsettled: row.unsettled!, created_at: row.created_at }))
    const { settlements, leftover } = settleDebts(debts, points)
    for (const { debt_id, points: paid } of settlements) {
      const debt = this.rows.find((row) => row.id === debt_id)!
      debt.unsettled = debt.unsettled! - paid
    }
    return leftover
  }

  private activeReservation(id: string) {
    return this.reservations.find((r) => r.id === id && r.status === "active")
  }

  private lot(id: string): LedgerRow {
    const lot = this.rows.find((row) => row.id === id && row.points > 0)
    if (!lot) {
      throw new Error(`no credit lot ${id}`)
    }
    return lot
  }

  private write(fields: Partial<LedgerRow> & Pick<LedgerRow, "type" | "points">): LedgerRow {
    const row: LedgerRow = {
      id: `row_${this.nextId()}`,
      status: "available",
      remaining: null,
      unsettled: null,
      expires_at: null,
      created_at: this.now,
      ...fields,
    }
    this.rows.push(row)
    return row
  }

  // Zero-padded so that id order is creation order.
  private nextId() {
    return String(++this.seq).padStart(6, "0")
  }
}
