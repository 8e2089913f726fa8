/** The totals Medusa computes on a cart or an order (money in major units). */
export type Totals = {
  item_subtotal?: number | null
  shipping_subtotal?: number | null
  shipping_methods?: unknown[] | null
  tax_total?: number | null
  discount_total?: number | null
  discount_tax_total?: number | null
  total?: number | null
}

/**
 * The summary's lines: items and shipping before tax, the tax the full price carries, the
 * discount with its tax (what the points are worth: 300 points of 1 cent are −€3.00), and the
 * total. items + shipping + tax − discount = total, as the shopper can check. `shipping` is
 * null before a shipping method is chosen.
 */
export function totalsLines(totals: Totals) {
  const n = (value: number | null | undefined) => Number(value ?? 0)
  return {
    items: n(totals.item_subtotal),
    shipping: totals.shipping_methods?.length ? n(totals.shipping_subtotal) : null,
    tax: n(totals.tax_total) + n(totals.discount_tax_total),
    discount: n(totals.discount_total),
    total: n(totals.total),
  }
}
