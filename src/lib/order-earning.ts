import type { BigNumberInput } from "@medusajs/framework/types"
import { BigNumber, MathBN } from "@medusajs/framework/utils"
import { earnPoints } from "./points"

const MONEY_DECIMALS = 10
const ROUND_HALF_UP = 4

/**
 * The totals of one order line or shipping method as Medusa computes them:
 * for the units the order still has (Medusa leaves returned units out).
 */
export type EarningLine = {
  /** Before discounts, excluding tax. */
  subtotal: BigNumberInput
  /** The line's discounts, excluding tax. */
  discount_subtotal: BigNumberInput
  /** After discounts, including tax. */
  total: BigNumberInput
}

export type EarningRules = {
  earn_percent: BigNumberInput
  earn_on_shipping: boolean
  earn_on_tax: boolean
}

export type EarningBasis = {
  eligible_amount: BigNumber
  points: number
}

/**
 * What an order earns: earn_percent of its items after discounts (shipping
 * and tax only when the program says so), in points of the order currency,
 * rounded down. `paidShare` ([part, whole]) scales the amount down to the
 * part of the payment that was not refunded.
 */
export function orderEarning(
  order: { items: EarningLine[]; shipping?: EarningLine[] },
  rules: EarningRules,
  pointValue: BigNumberInput | undefined,
  paidShare?: [BigNumberInput, BigNumberInput]
): EarningBasis {
  const lines = rules.earn_on_shipping ? [...order.items, ...(order.shipping ?? [])] : order.items
  let amount = MathBN.sum(0, ...lines.map((line) => lineAmount(line, rules.earn_on_tax)))
  if (paidShare) {
    const [part, whole] = paidShare
    amount = MathBN.lte(whole, 0) ? MathBN.convert(0) : MathBN.div(MathBN.mult(amount, MathBN.max(part, 0)), whole)
  }
  // Tax-inclusive totals come from a division and may miss a whole amount by
  // 1e-20 (70 as 69.999…); no money has 10 decimals, so round that residue away.
  const eligible_amount = new BigNumber(MathBN.max(amount, 0).decimalPlaces(MONEY_DECIMALS, ROUND_HALF_UP))
  const points =
    pointValue === undefined
      ? 0
      : earnPoints({ eligibleAmount: eligible_amount, earnPercent: rules.earn_percent, pointValue })
  return { eligible_amount, points }
}

function lineAmount(line: EarningLine, withTax: boolean) {
  return withTax ? MathBN.convert(line.total) : MathBN.sub(line.subtotal, line.discount_subtotal)
}

/**
 * The part of what was paid that refunds without a return took back:
 * [paid − refunded, paid], for `orderEarning`'s `paidShare`.
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
