import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { retrieveCustomerOrThrow } from "../../../../../utils/customer"
import {
  ADMIN_TRANSACTION_FIELDS,
  listCustomerTransactions,
  withOrders,
} from "../../../../../utils/transactions"
import type { ListTransactionsParamsType } from "../../../../../validators"

/** The customer's ledger, every column, each row with its `order` ({ id, display_id }). */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await retrieveCustomerOrThrow(req.scope, req.params.id)
  const { limit, offset, ...filters } = req.validatedQuery as ListTransactionsParamsType
  const page = await listCustomerTransactions(
    req.scope,
    req.params.id,
    ADMIN_TRANSACTION_FIELDS,
    { skip: offset, take: limit },
    filters
  )
  res.json({ ...page, transactions: await withOrders(req.scope, req.params.id, page.transactions) })
}
