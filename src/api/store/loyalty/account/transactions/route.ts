import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  listCustomerTransactions,
  STORE_TRANSACTION_FIELDS,
} from "../../../../utils/transactions"
import type { ListTransactionsParamsType } from "../../../../validators"

export async function GET(
  req: AuthenticatedMedusaRequest<unknown, ListTransactionsParamsType>,
  res: MedusaResponse
) {
  const { limit, offset, ...filters } = req.validatedQuery as ListTransactionsParamsType
  const page = await listCustomerTransactions(
    req.scope,
    req.auth_context.actor_id,
    STORE_TRANSACTION_FIELDS,
    { skip: offset, take: limit },
    filters
  )
  res.json(page)
}
