import type { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"
import type { RuleLine } from "./earning-rules"

const MONEY_DECIMALS = 10
const ROUND_HALF_UP = 4

/** An order line as Medusa's query returns it, with what the rules need. */
export type OrderItemLike = {
  id: string
  product_id?: string | null
  quantity: BigNumberInput
  subtotal: BigNumberInput
  discount_subtotal: BigNumberInput
  total: BigNumberInput
  detail?: { return_received_quantity?: BigNumberInput | null; return_dismissed_quantity?: BigNumberInput | null } | null
  /** Units a refund claim wrote off: Medusa's line totals still count them, the order no longer does. */
  claimed_quantity?: BigNumberInput | null
  variant?: {
    product?: {
      id?: string | null
      collection_id?: string | null
      categories?: ({ id: string; mpath?: string | null } | null)[] | null
    } | null
  } | null
}

export type ShippingLike = { id: string; subtotal: BigNumberInput; discount_subtotal: BigNumberInput; total: BigNumberInput }

/**
 * The lines an order earns on, as the rules see them: each item with its
 * product, collection and categories (parents included, from the category
 * path, so a rule on "Clothing" reaches "Clothing › Shirts"), the units it
 * still has (less units a refund claim wrote off) and the money it earns on (after discounts; tax only with
 * earn_on_tax), both scaled by `paidShare` ([part, whole]) when refunds
 * without a return took part of the payment back. Shipping is a line of its
 * own with no product, when earn_on_shipping.
 */
export function ruleLinesOfOrder(
  order: { items: OrderItemLike[]; shipping_methods?: ShippingLike[] },
  options: { earn_on_shipping: boolean; earn_on_tax: boolean },
  paidShare: [BigNumberInput, BigNumberInput] = [1, 1]
): RuleLine[] {
  const [part, whole] = paidShare
  const share = MathBN.lte(whole, 0) ? MathBN.convert(0) : MathBN.div(MathBN.max(part, 0), whole)
  const amountOf = (
    line: { subtotal: BigNumberInput; discount_subtotal: BigNumberInput; total: BigNumberInput },
    left: BigNumberInput = 1
  ) => {
    const amount = options.earn_on_tax ? MathBN.convert(line.total) : MathBN.sub(line.subtotal, line.discount_subtotal)
    // Tax-inclusive totals come from a division and may miss a whole amount by 1e-20.
    return MathBN.max(MathBN.mult(MathBN.mult(amount, left), share), 0).decimalPlaces(MONEY_DECIMALS, ROUND_HALF_UP)
  }
  const lines: RuleLine[] = order.items.map((item) => {
    const product = item.variant?.product
    const returned = MathBN.add(item.detail?.return_received_quantity ?? 0, item.detail?.return_dismissed_quantity ?? 0)
    const counted = MathBN.max(MathBN.sub(item.quantity, returned), 0)
    const units = MathBN.max(MathBN.sub(counted, item.claimed_quantity ?? 0), 0)
    const left = MathBN.gt(counted, 0) ? MathBN.div(units, counted) : MathBN.convert(0)
    return {
      id: item.id,
      product_id: item.product_id ?? product?.id ?? null,
      collection_id: product?.collection_id ?? null,
      category_ids: categoryIds(product?.categories ?? []),
      quantity: MathBN.mult(units, share),
      amount: amountOf(item, left),
    }
  })
  if (options.earn_on_shipping) {
    for (const method of order.shipping_methods ?? []) {
      lines.push({ id: method.id, product_id: null, collection_id: null, category_ids: [], quantity: 1, amount: amountOf(method) })
    }
  }
  return lines
}

function categoryIds(categories: ({ id: string; mpath?: string | null } | null)[]): string[] {
  const ids = new Set<string>()
  for (const category of categories) {
    if (!category) {
      continue
    }
    ids.add(category.id)
    for (const ancestor of (category.mpath ?? "").split(".")) {
      if (ancestor) {
        ids.add(ancestor)
      }
    }
  }
  return [...ids].sort()
}
