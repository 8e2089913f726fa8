import type { BigNumberInput } from "@medusajs/framework/types"
import { BigNumber, MathBN } from "@medusajs/framework/utils"

/**
 * The part of what was paid that refunds without a return took back:
 * [paid − refunded, paid].
 */
export function unrefundedShare(paid: BigNumberInput, refunded: BigNumberInput): [BigNumber, BigNumber] {
  const kept = MathBN.max(MathBN.sub(paid, MathBN.max(refunded, 0)), 0)
  return [new BigNumber(kept), new BigNumber(MathBN.max(paid, 0))]
}

/** One order line as placed: its price per unit, units bought and units given back. */
export type PlacedLine = {
  unit_price: BigNumberInput
  quantity: BigNumberInput
  returned_quantity: BigNumberInput
}

/**
 * The returned items' share of the order's item value, by list price
 * ([returned, placed]), which is how an order-wide fixed discount such as a
 * points discount is spread over the lines.
 */
export function returnedShare(lines: PlacedLine[]): [BigNumber, BigNumber] {
  let returned = MathBN.convert(0)
  let placed = MathBN.convert(0)
  for (const line of lines) {
    const units = MathBN.min(MathBN.max(line.returned_quantity, 0), line.quantity)
    returned = MathBN.add(returned, MathBN.mult(line.unit_price, units))
    placed = MathBN.add(placed, MathBN.mult(line.unit_price, line.quantity))
  }
  return [new BigNumber(returned), new BigNumber(placed)]
}
