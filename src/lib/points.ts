import type { BigNumberInput } from "@medusajs/framework/types"
import { BigNumber, MathBN } from "@medusajs/framework/utils"
import { assertWholePoints, exactBigNumber, floorDiv, toDecimal } from "./decimal"

/** The most points one ledger operation may move; larger amounts are refused. */
export const MAX_POINTS = 1_000_000_000

/** A points amount an operation may move: a positive whole number up to MAX_POINTS. */
export function isValidPoints(points: unknown): points is number {
  return (
    typeof points === "number" &&
    Number.isSafeInteger(points) &&
    points > 0 &&
    points <= MAX_POINTS
  )
}

/**
 * Points earned on an amount: floor(amount × percent / 100 / point value).
 * Always rounded down, so the shop never gives more than the rate says.
 * 0 when any input is not positive (nothing to earn, or earning is off).
 */
export function earnPoints(input: {
  eligibleAmount: BigNumberInput
  earnPercent: BigNumberInput
  pointValue: BigNumberInput
}): number {
  const amount = toDecimal(input.eligibleAmount, "eligibleAmount")
  const percent = toDecimal(input.earnPercent, "earnPercent")
  const pointValue = toDecimal(input.pointValue, "pointValue")
  if (!amount.gt(0) || !percent.gt(0) || !pointValue.gt(0)) {
    return 0
  }
  // One division at the end keeps the result exact.
  return floorDiv(MathBN.mult(amount, percent), MathBN.mult(pointValue, 100))
}

/** The money value of a points amount, exact: points × point value. */
export function pointsValue(points: number, pointValue: BigNumberInput): BigNumber {
  assertWholePoints(points)
  return exactBigNumber(MathBN.mult(points, toDecimal(pointValue, "pointValue")))
}

/**
 * The most whole points whose value does not exceed `amount`:
 * floor(amount / point value); 0 when either is not positive.
 */
export function pointsForAmount(amount: BigNumberInput, pointValue: BigNumberInput): number {
  const money = toDecimal(amount, "amount")
  const value = toDecimal(pointValue, "pointValue")
  if (!money.gt(0) || !value.gt(0)) {
    return 0
  }
  return floorDiv(money, value)
}

/** `percent` % of `amount`, exact (a shift by two decimal places, no division). */
export function percentOf(amount: BigNumberInput, percent: BigNumberInput): BigNumber {
  const product = MathBN.mult(toDecimal(amount, "amount"), toDecimal(percent, "percent"))
  return exactBigNumber(product.shiftedBy(-2))
}
