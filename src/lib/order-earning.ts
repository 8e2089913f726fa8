import type { BigNumberInput } from "@medusajs/framework/types"
import { BigNumber, MathBN } from "@medusajs/framework/utils"
import { earnPoints } from "./points"

/** The totals of one order line, as Medusa computes them. */
export type EarningLine = {
  id: string
  quantity: BigNumberInput
  /** Before discounts, excluding tax. */
  subtotal: BigNumberInput
  /** The line's discounts, excluding tax. */
  discount_subtotal: BigNumberInput
  /** After discounts, including tax. */
  total: BigNumberInput
}

export type EarningShipping = {
  subtotal: BigNumberInput
  discount_subtotal: BigNumberInput
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
 * rounded down. `kept` gives, per line id, how many units still count after
 * returns (a missing id counts all of them); `paidShare` scales what is left
 * by the part of the payment that was not refunded ([part, whole]).
 */
export function orderEarning(
  order: { items: EarningLine[]; shipping?: EarningShipping[] },
  rules: EarningRules,
  pointValue: BigNumberInput | undefined,
  kept: Record<string, BigNumberInput> = {},
  paidShare?: [BigNumberInput, BigNumberInput]
): EarningBasis {
  let amount = MathBN.convert(0)
  for (const line of order.items) {
    const full = lineAmount(line, rules.earn_on_tax)
    const units = kept[line.id] ?? line.quantity
    amount = MathBN.add(amount, scaled(full, units, line.quantity))
  }
  if (rules.earn_on_shipping) {
    for (const method of order.shipping ?? []) {
      amount = MathBN.add(amount, lineAmount(method, rules.earn_on_tax))
    }
  }
  if (paidShare) {
    const [part, whole] = paidShare
    amount = MathBN.lte(whole, 0) ? MathBN.convert(0) : MathBN.div(MathBN.mult(amount, MathBN.max(part, 0)), whole)
  }
  const eligible_amount = new BigNumber(MathBN.max(amount, 0))
  const points =
    pointValue === undefined
      ? 0
      : earnPoints({ eligibleAmount: eligible_amount, earnPercent: rules.earn_percent, pointValue })
  return { eligible_amount, points }
}

function lineAmount(
  line: { subtotal: BigNumberInput; discount_subtotal: BigNumberInput; total: BigNumberInput },
  withTax: boolean
) {
  return withTax ? MathBN.convert(line.total) : MathBN.sub(line.subtotal, line.discount_subtotal)
}

function scaled(amount: ReturnType<typeof MathBN.convert>, units: BigNumberInput, quantity: BigNumberInput) {
  if (MathBN.lte(quantity, 0)) {
    return MathBN.convert(0)
  }
  return MathBN.div(MathBN.mult(amount, MathBN.max(units, 0)), quantity)
}
