import type { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"
import { assertWholePoints, Decimal, floorDiv, toDecimal } from "./decimal"

/**
 * The share of `total` points that `part` of `whole` stands for, rounded down
 * (e.g. the points spent on the returned items): floor(total × part / whole),
 * within [0, total]; 0 when `whole` is not positive.
 */
export function proportionalShare(
  total: number,
  part: BigNumberInput,
  whole: BigNumberInput
): number {
  assertTotal(total)
  const partValue = toDecimal(part, "part")
  const wholeValue = toDecimal(whole, "whole")
  if (!wholeValue.gt(0) || !partValue.gt(0)) {
    return 0
  }
  if (partValue.gte(wholeValue)) {
    return total
  }
  return floorDiv(MathBN.mult(total, partValue), wholeValue)
}

/**
 * Splits `total` points by `weights` so the parts add up to exactly `total`
 * (largest remainder: everyone gets the rounded-down share, the points left
 * go one each to the largest remainders, the earlier index on a tie).
 * Each part is within 1 of its exact share. When all weights are zero there
 * is nothing to split by: the parts are zeros, and `total` must be 0.
 */
export function splitProportionally(total: number, weights: BigNumberInput[]): number[] {
  assertTotal(total)
  const values = weights.map((weight, i) => toDecimal(weight, `weights[${i}]`))
  if (values.some((value) => value.lt(0))) {
    throw new RangeError("weights must not be negative")
  }
  const sum = MathBN.sum(...values)
  if (!sum.gt(0)) {
    if (total !== 0) {
      throw new RangeError(`cannot split ${total} points by weights that are all zero`)
    }
    return values.map(() => 0)
  }

  // Exact share i = total × w_i / sum = floor_i + remainder_i / sum.
  const parts: number[] = []
  const remainders: Decimal[] = []
  for (const value of values) {
    const numerator = MathBN.mult(total, value)
    const part = floorDiv(numerator, sum)
    parts.push(part)
    remainders.push(MathBN.sub(numerator, MathBN.mult(part, sum)))
  }
  let left = total - parts.reduce((a, b) => a + b, 0)
  const byRemainder = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) => (b.remainder.comparedTo(a.remainder) ?? 0) || a.index - b.index)
  for (const { index } of byRemainder) {
    if (left === 0) {
      break
    }
    parts[index] += 1
    left -= 1
  }
  return parts
}

function assertTotal(total: number) {
  assertWholePoints(total, "total")
  if (total < 0) {
    throw new RangeError(`total must not be negative, got ${total}`)
  }
}
