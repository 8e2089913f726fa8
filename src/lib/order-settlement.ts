import type { BigNumberInput } from "@medusajs/framework/types"
import { BigNumber, MathBN } from "@medusajs/framework/utils"
import { assertWholePoints } from "./decimal"

/**
 * One of an order's earn lots as the ledger holds it: its points, what
 * reversals took from it, and what the order was entitled to when it was
 * credited (more than `points` when max_balance cut the credit).
 */
export type OrderEarnLot = {
  points: number
  reversed: number
  entitled: number
}

/**
 * What an order's earn lots stand for: `net` is what they hold after
 * reversals; `entitled` is what the order had earned before max_balance cut
 * its credits, less the same reversals. A cut is points the order gave up,
 * not points it is owed, so only a change that raises what the order earns
 * above `entitled` earns more.
 */
export function orderEarned(lots: OrderEarnLot[]): { net: number; entitled: number } {
  let net = 0
  let entitled = 0
  for (const lot of lots) {
    net += lot.points - lot.reversed
    entitled += Math.max(lot.entitled, lot.points) - lot.reversed
  }
  return { net, entitled }
}

/**
 * How to bring an order to `target` points (what its items earn now): credit
 * what the target adds beyond what the order was entitled to, or reverse
 * what its lots hold beyond the target. Never both, and nothing when the
 * order is there already, so a repeated change settles nothing more.
 */
export function settlementMove(target: number, earned: { net: number; entitled: number }) {
  assertWholePoints(target, "target")
  if (target < 0) {
    throw new RangeError(`target must not be negative, got ${target}`)
  }
  return {
    credit: Math.max(target - Math.max(earned.entitled, earned.net), 0),
    reverse: Math.max(earned.net - target, 0),
  }
}

/**
 * What an order was entitled to on one earn lot. A lot the order's own rules
 * cut to max_balance (or that the ledger cut under the account lock) records
 * the points before the cut: `uncapped_points` (then still capped by
 * max_points_per_order) or `requested_points`.
 */
export function lotEntitlement(lot: { points: number; details?: Record<string, any> | null }): number {
  const details = lot.details ?? {}
  if (details.capped_by !== "max_balance") {
    return lot.points
  }
  const perOrder = details.context?.max_points_per_order ?? null
  const candidates = [lot.points, Number(details.requested_points ?? 0)]
  if (Number.isSafeInteger(details.uncapped_points)) {
    candidates.push(perOrder === null ? details.uncapped_points : Math.min(details.uncapped_points, perOrder))
  }
  return Math.max(...candidates)
}

/**
 * Splits `points` to reverse over an order's lots, newest first (what a
 * change added goes first), each no more than it can still give.
 */
export function reversalsNewestFirst(points: number, reversible: number[]): number[] {
  assertWholePoints(points)
  const taken = reversible.map(() => 0)
  let left = points
  for (let i = reversible.length - 1; i >= 0 && left > 0; i--) {
    taken[i] = Math.min(Math.max(reversible[i], 0), left)
    left -= taken[i]
  }
  return taken
}

/** One order line with the points discount Medusa put on it. */
export type DiscountedLine = {
  /** The points discount on the line (its adjustments' amount, for all its units). */
  discount: BigNumberInput
  /** The line's units now (an edit may have lowered it). */
  quantity: BigNumberInput
  /** Units returned or written off since. */
  gone_quantity: BigNumberInput
}

/**
 * The share of an order's points discount it no longer gives ([gone, given]),
 * `given` being the discount the order got when placed. Medusa spreads a
 * line's adjustment over the units the line has now, so a lower quantity
 * keeps the whole discount on the units left; units returned or written off
 * lose theirs, and a line an edit took out is no longer in `lines` at all.
 * With no `given` (nothing recorded), what the lines carry is the whole.
 */
export function discountGoneShare(lines: DiscountedLine[], given?: BigNumberInput | null): [BigNumber, BigNumber] {
  let carried = MathBN.convert(0)
  let kept = MathBN.convert(0)
  for (const line of lines) {
    const discount = MathBN.max(line.discount, 0)
    carried = MathBN.add(carried, discount)
    if (MathBN.lte(line.quantity, 0)) {
      continue
    }
    const left = MathBN.max(MathBN.sub(line.quantity, MathBN.max(line.gone_quantity, 0)), 0)
    kept = MathBN.add(kept, MathBN.div(MathBN.mult(discount, MathBN.min(left, line.quantity)), line.quantity))
  }
  const whole = given === undefined || given === null ? carried : MathBN.convert(given)
  if (!MathBN.gt(whole, 0)) {
    return [new BigNumber(0), new BigNumber(0)]
  }
  return [new BigNumber(MathBN.max(MathBN.sub(whole, kept), 0)), new BigNumber(whole)]
}
