import { assertWholePoints } from "./decimal"

/** A credit lot as spending sees it. */
export type SpendableLot = {
  id: string
  remaining: number
  expires_at: Date | null
  created_at: Date
}

export type Allocation = { lot_id: string; points: number }

/** An earlier debit whose `unsettled` points no lot covered (debt from a clawback). */
export type Debt = { id: string; unsettled: number; created_at: Date }

export type Settlement = { debt_id: string; points: number }

/**
 * Spending order: the lot that expires soonest first, lots that never expire
 * last; ties go to the older lot, then to the smaller id so the order is total.
 */
export function sortLotsForSpending<T extends SpendableLot>(lots: T[]): T[] {
  return [...lots].sort(
    (a, b) =>
      compareExpiry(a.expires_at, b.expires_at) ||
      a.created_at.getTime() - b.created_at.getTime() ||
      compareIds(a.id, b.id)
  )
}

/**
 * Takes `points` from the lots in spending order (`preferLotId` first, as when
 * a reversal takes back its own lot). `shortfall` is what the lots could not cover.
 */
export function allocateFifo(
  lots: SpendableLot[],
  points: number,
  preferLotId?: string
): { allocations: Allocation[]; shortfall: number } {
  assertWholePoints(points)
  if (points < 0) {
    throw new RangeError(`points to spend must not be negative, got ${points}`)
  }
  for (const lot of lots) {
    assertWholePoints(lot.remaining, `remaining of lot ${lot.id}`)
  }
  const open = sortLotsForSpending(lots.filter((lot) => lot.remaining > 0))
  const preferred = open.filter((lot) => lot.id === preferLotId)
  const ordered = [...preferred, ...open.filter((lot) => lot.id !== preferLotId)]

  const allocations: Allocation[] = []
  let left = points
  for (const lot of ordered) {
    if (left === 0) {
      break
    }
    const taken = Math.min(lot.remaining, left)
    allocations.push({ lot_id: lot.id, points: taken })
    left -= taken
  }
  return { allocations, shortfall: left }
}

/**
 * What an order takes of its cart's hold: `points` of the held parts,
 * first-expiring first (what is left of the hold goes back). A part counts no
 * more than its lot still has; `shortfall` is what the hold cannot cover.
 */
export function spendFromHold(
  lots: SpendableLot[],
  hold: Allocation[],
  points: number
): { allocations: Allocation[]; shortfall: number } {
  const byId = new Map(lots.map((lot) => [lot.id, lot]))
  const parts = hold.flatMap(({ lot_id, points: held }) => {
    const lot = byId.get(lot_id)
    return lot ? [{ ...lot, remaining: Math.min(held, lot.remaining) }] : []
  })
  return allocateFifo(parts, points)
}

/**
 * A new credit first pays outstanding debts, oldest first; `leftover` is what
 * stays in the new lot.
 */
export function settleDebts(
  debts: Debt[],
  points: number
): { settlements: Settlement[]; leftover: number } {
  assertWholePoints(points)
  if (points < 0) {
    throw new RangeError(`credited points must not be negative, got ${points}`)
  }
  for (const debt of debts) {
    assertWholePoints(debt.unsettled, `unsettled of debit ${debt.id}`)
  }
  const oldestFirst = [...debts]
    .filter((debt) => debt.unsettled > 0)
    .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || compareIds(a.id, b.id))

  const settlements: Settlement[] = []
  let leftover = points
  for (const debt of oldestFirst) {
    if (leftover === 0) {
      break
    }
    const paid = Math.min(debt.unsettled, leftover)
    settlements.push({ debt_id: debt.id, points: paid })
    leftover -= paid
  }
  return { settlements, leftover }
}

function compareExpiry(a: Date | null, b: Date | null): number {
  if (a === null || b === null) {
    return a === b ? 0 : a === null ? 1 : -1
  }
  return a.getTime() - b.getTime()
}

// Code-unit order, not localeCompare: the same in every locale.
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
