import { assertWholePoints } from "../decimal"

/** Program limits on what one credit may add (null or absent: no limit). */
export type PointCaps = {
  max_points_per_order?: number | null
  max_balance?: number | null
}

export type CapLimit = "max_points_per_order" | "max_balance"

/**
 * The points an order may credit: at most max_points_per_order, and no more
 * than takes the account to max_balance. `balance` is what the account holds
 * with pending points included, since those become spendable later. A
 * negative balance (clawback debt) leaves more room, never less.
 * `capped_by` names the limit that set the result, null when none did.
 */
export function capOrderPoints(
  points: number,
  caps: PointCaps,
  balance: number
): { points: number; capped_by: CapLimit | null } {
  assertWholePoints(points)
  let capped = Math.max(points, 0)
  let capped_by: CapLimit | null = null
  if (isLimit(caps.max_points_per_order) && capped > caps.max_points_per_order) {
    capped = caps.max_points_per_order
    capped_by = "max_points_per_order"
  }
  const room = capToMaxBalance(capped, balance, caps.max_balance)
  if (room < capped) {
    capped = room
    capped_by = "max_balance"
  }
  return { points: capped, capped_by }
}

/**
 * The part of a credit (order earning or bonus) that fits under max_balance:
 * min(points, max_balance − balance), never below 0.
 */
export function capToMaxBalance(points: number, balance: number, maxBalance?: number | null): number {
  assertWholePoints(points)
  assertWholePoints(balance, "balance")
  if (!isLimit(maxBalance)) {
    return Math.max(points, 0)
  }
  return Math.max(Math.min(points, maxBalance - balance), 0)
}

/** Why the caps cannot be saved, naming the field; null when they can. */
export function capsError(caps: PointCaps): string | null {
  for (const field of ["max_points_per_order", "max_balance"] as const) {
    const value = caps[field]
    if (value !== null && value !== undefined && (!Number.isSafeInteger(value) || value < 1)) {
      return `${field}: must be a whole number of points, 1 or more, or null for no limit, got ${value}`
    }
  }
  return null
}

function isLimit(value: number | null | undefined): value is number {
  return value !== null && value !== undefined
}
