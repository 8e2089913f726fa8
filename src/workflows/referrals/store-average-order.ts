import type { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"

/** The store's latest orders that make its average, and how few are too few to judge by. */
export const AVERAGE_SAMPLE = 200
export const MIN_ORDERS_FOR_AVERAGE = 10

/**
 * The average item total (after discounts, tax included) of the store's
 * latest orders in `currency`, drafts and canceled orders aside, without the
 * order being judged; null with fewer than MIN_ORDERS_FOR_AVERAGE of them.
 * A bounded sample of recent orders: it follows the store's prices as they
 * are now and costs the same at a million orders.
 */
export async function recentAverageItemTotal(
  query: { graph(input: any): Promise<{ data: any[] }> },
  currency: string,
  excludedOrderId: string
): Promise<BigNumberInput | null> {
  const { data } = await query.graph({
    entity: "order",
    fields: ["id", "item_total"],
    filters: { currency_code: currency, is_draft_order: false, status: { $nin: ["draft", "canceled"] } },
    pagination: { skip: 0, take: AVERAGE_SAMPLE + 1, order: { created_at: "DESC", id: "DESC" } },
  })
  const others = data.filter((order: any) => order.id !== excludedOrderId).slice(0, AVERAGE_SAMPLE)
  if (others.length < MIN_ORDERS_FOR_AVERAGE) {
    return null
  }
  return MathBN.div(MathBN.sum(0, ...others.map((order: any) => order.item_total ?? 0)), others.length)
}
