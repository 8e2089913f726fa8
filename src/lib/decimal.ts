import type { BigNumberInput } from "@medusajs/framework/types"
import { BigNumber, MathBN } from "@medusajs/framework/utils"

/** bignumber.js value, as MathBN returns it. */
export type Decimal = ReturnType<typeof MathBN.convert>

/**
 * Money or a rate as an exact decimal. NaN and ±Infinity are refused: they
 * compare as "not positive" and would silently turn a bad setting into 0 points.
 */
export function toDecimal(value: BigNumberInput, name: string): Decimal {
  const decimal = MathBN.convert(value)
  if (!decimal.isFinite()) {
    throw new TypeError(`${name} must be a finite number, got ${String(value)}`)
  }
  return decimal
}

/** Points given to a function must already be whole. */
export function assertWholePoints(points: number, name = "points"): void {
  if (!Number.isSafeInteger(points)) {
    throw new RangeError(`${name} must be a safe integer, got ${points}`)
  }
}

/**
 * floor(numerator / denominator) for non-negative numerator and positive
 * denominator, exact: `idiv` truncates the true quotient, where
 * `div(...).floor` would first round it to 20 decimals and could round up.
 */
export function floorDiv(numerator: Decimal, denominator: Decimal): number {
  const quotient = numerator.idiv(denominator)
  if (quotient.isGreaterThan(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${quotient.toString()} points is beyond a safe integer`)
  }
  return quotient.toNumber()
}

/** A Medusa BigNumber whose raw value keeps every digit (the default keeps 20). */
export function exactBigNumber(value: Decimal): BigNumber {
  const precision = Math.max(BigNumber.DEFAULT_PRECISION, value.precision(true))
  return new BigNumber(value, { precision })
}
