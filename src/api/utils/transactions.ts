import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { describeTransaction } from "../../lib"

/**
 * What a shopper sees of a ledger row. Not the earning `details` (rules, customer groups,
 * campaigns), nor the admin's `reason` and `created_by`: the store route adds the order's
 * number and a `description` made from the row's type and details instead.
 */
export const STORE_TRANSACTION_FIELDS = [
  "id",
  "type",
  "points",
  "status",
  "remaining",
  "available_at",
  "expires_at",
  "order_id",
  "created_at",
]

export const ADMIN_TRANSACTION_FIELDS = [
  ...STORE_TRANSACTION_FIELDS,
  "reason",
  "details",
  "unsettled",
  "reference",
  "created_by",
  "idempotency_key",
]

export type TransactionPage = { skip: number; take: number }

/** One page of a customer's ledger, newest first. */
export async function listCustomerTransactions(
  scope: MedusaContainer,
  customerId: string,
  fields: string[],
  page: TransactionPage,
  filters: Record<string, unknown> = {}
) {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [account],
  } = await query.graph({
    entity: "loyalty_account",
    fields: ["id"],
    filters: { customer_id: customerId },
  })
  if (!account) {
    return { transactions: [], count: 0, limit: page.take, offset: page.skip }
  }
  const { data, metadata } = await query.graph({
    entity: "loyalty_transaction",
    fields,
    filters: { ...filters, account_id: account.id },
    pagination: {
      skip: page.skip,
      take: page.take,
      order: { created_at: "DESC", id: "DESC" },
    },
  })
  return { transactions: data, count: metadata?.count ?? data.length, limit: page.take, offset: page.skip }
}

/**
 * The page's rows, each with its `order` ({ id, display_id }, or null without an order): the
 * numbers read in one query for the page's orders of this customer. `display_id` is null for
 * an order that is not (or no longer) there.
 */
export async function withOrders<Row extends { order_id?: string | null }>(
  scope: MedusaContainer,
  customerId: string,
  rows: Row[]
) {
  const orderIds = [...new Set(rows.map((row) => row.order_id).filter(Boolean))] as string[]
  const numbers = new Map<string, number>()
  if (orderIds.length) {
    const { data: orders } = await scope.resolve(ContainerRegistrationKeys.QUERY).graph({
      entity: "order",
      fields: ["id", "display_id"],
      filters: { id: orderIds, customer_id: customerId },
    })
    for (const order of orders) {
      numbers.set(order.id, Number(order.display_id))
    }
  }
  return rows.map((row) => ({
    ...row,
    order: row.order_id ? { id: row.order_id, display_id: numbers.get(row.order_id) ?? null } : null,
  }))
}

/**
 * One page of a shopper's own points history as the store shows it: each row with its
 * `order` (see withOrders; an order that is not theirs, or no longer there, is left out) and
 * a shopper-facing `description`; the details it is made from stay on the server.
 */
export async function listShopperTransactions(
  scope: MedusaContainer,
  customerId: string,
  page: TransactionPage,
  filters: Record<string, unknown> = {}
) {
  const listed = await listCustomerTransactions(scope, customerId, [...STORE_TRANSACTION_FIELDS, "details"], page, filters)
  const rows = await withOrders(scope, customerId, listed.transactions as any[])
  const transactions = rows.map(({ details, order, ...row }: any) => {
    // A referral reward (and its reversal) is of the friend's order: the shopper is not shown its id.
    const orderId = order?.display_id != null ? row.order_id : null
    return {
      ...Object.fromEntries(STORE_TRANSACTION_FIELDS.map((field) => [field, row[field] ?? null])),
      order_id: orderId,
      order: orderId ? order : null,
      description: describeTransaction({ type: row.type, order_id: orderId, details }, order?.display_id),
    }
  })
  return { ...listed, transactions }
}
