import type { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"
import { pointsValue } from "./points"

/** What outstanding points would cost if all were spent in each currency: points × point value. */
export function liabilityPerCurrency(outstandingPoints: number, pointValues: Record<string, BigNumberInput>) {
  return Object.entries(pointValues)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency_code, point_value]) => ({
      currency_code,
      point_value: MathBN.convert(point_value).toNumber(),
      amount: pointsValue(outstandingPoints, point_value).numeric,
    }))
}

export type RepeatPurchase = { customers: number; repeat_customers: number; rate: number | null }

/**
 * Of the customers who ordered in a period, the share who ordered more than
 * once, for members (customers with a loyalty account) and for the others.
 * `rate` is null when nobody in the group ordered.
 */
export function repeatPurchaseRates(
  orderCustomerIds: (string | null | undefined)[],
  isMember: (customerId: string) => boolean
): { members: RepeatPurchase; others: RepeatPurchase } {
  const ordersPerCustomer = new Map<string, number>()
  for (const id of orderCustomerIds) {
    if (id) {
      ordersPerCustomer.set(id, (ordersPerCustomer.get(id) ?? 0) + 1)
    }
  }
  const groups = { members: { customers: 0, repeat_customers: 0 }, others: { customers: 0, repeat_customers: 0 } }
  for (const [id, orders] of ordersPerCustomer) {
    const group = isMember(id) ? groups.members : groups.others
    group.customers++
    if (orders > 1) {
      group.repeat_customers++
    }
  }
  const withRate = (group: { customers: number; repeat_customers: number }): RepeatPurchase => ({
    ...group,
    rate: group.customers ? MathBN.div(group.repeat_customers, group.customers).decimalPlaces(4).toNumber() : null,
  })
  return { members: withRate(groups.members), others: withRate(groups.others) }
}
