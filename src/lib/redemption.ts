import type { BigNumberInput } from "@medusajs/framework/types"
import { BigNumber, MathBN } from "@medusajs/framework/utils"
import { toDecimal } from "./decimal"
import { percentOf, pointsForAmount } from "./points"

/** What bounds the points a shopper may put on one cart. */
export type RedemptionBounds = {
  /** The account's balance less what other carts hold. */
  spendable: number
  min_redeem_points: number
  max_redeem_percent: BigNumberInput
  /** Money value of one point in the cart's currency. */
  point_value: BigNumberInput
  /** The items' price before any discount, tax included: what max_redeem_percent counts from. */
  items_price: BigNumberInput
  /** What the items cost after every other discount, tax included: points never pay more. */
  items_total: BigNumberInput
}

export type RedemptionLimit = "balance" | "max_redeem_percent" | "items_total"

/** The most points this cart takes, and which limit sets it. */
export function maxRedeemablePoints(bounds: RedemptionBounds): { points: number; limit: RedemptionLimit } {
  const candidates: [number, RedemptionLimit][] = [
    [Math.max(bounds.spendable, 0), "balance"],
    [pointsForAmount(percentOf(bounds.items_price, bounds.max_redeem_percent), bounds.point_value), "max_redeem_percent"],
    [pointsForAmount(bounds.items_total, bounds.point_value), "items_total"],
  ]
  const [points, limit] = candidates.reduce((least, next) => (next[0] < least[0] ? next : least))
  return { points, limit }
}

/** Why `points` cannot go on the cart, naming the limit and what is allowed; null when they can. */
export function redemptionRefusal(points: number, bounds: RedemptionBounds): string | null {
  const { points: max, limit } = maxRedeemablePoints(bounds)
  if (points > max) {
    const why = {
      balance: `you have ${max} points available to spend`,
      max_redeem_percent: `points may pay at most ${MathBN.convert(bounds.max_redeem_percent).toString(10)} % of this cart (max_redeem_percent): at most ${max} points`,
      items_total: `points may pay at most the cart's items: at most ${max} points`,
    }[limit]
    return `points: ${points} is too many, ${why}`
  }
  if (points < bounds.min_redeem_points) {
    return `points: at least ${bounds.min_redeem_points} points must be applied (min_redeem_points)`
  }
  return null
}

/**
 * The least items price at which `points` stay within max_redeem_percent: a
 * promotion rule on the cart, so a cart that shrinks below it loses the points
 * discount at once, inside Medusa's own cart refresh.
 */
export function minimumItemsPrice(
  points: number,
  pointValue: BigNumberInput,
  maxRedeemPercent: BigNumberInput
): BigNumber {
  const percent = toDecimal(maxRedeemPercent, "maxRedeemPercent")
  if (!percent.gt(0)) {
    throw new RangeError("max_redeem_percent must be positive to redeem points")
  }
  const value = MathBN.mult(points, toDecimal(pointValue, "pointValue"))
  return new BigNumber(MathBN.div(MathBN.mult(value, 100), percent))
}

/**
 * The points an order pays for the discount it actually got: all that was
 * reserved when the whole discount applied, proportionally fewer (rounded up,
 * the store gave that much) when Medusa applied less, never more.
 */
export function pointsForAppliedDiscount(
  reservedPoints: number,
  appliedAmount: BigNumberInput,
  discountAmount: BigNumberInput
): number {
  const applied = toDecimal(appliedAmount, "appliedAmount")
  const whole = toDecimal(discountAmount, "discountAmount")
  if (!applied.gt(0) || !whole.gt(0)) {
    return 0
  }
  if (applied.gte(whole)) {
    return reservedPoints
  }
  const share = MathBN.mult(reservedPoints, applied).div(whole).integerValue(0 /* ROUND_UP */)
  return Math.min(reservedPoints, share.toNumber())
}
