import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

export const STORE_TRANSACTION_FIELDS = [
  "id",
  "type",
  "points",
  "status",
  "remaining",
  "available_at",
  "expires_at",
  "order_id",
  "reason",
  "details",
  "created_at",
]

export const ADMIN_TRANSACTION_FIELDS = [
  ...STORE_TRANSACTION_FIELDS,
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
