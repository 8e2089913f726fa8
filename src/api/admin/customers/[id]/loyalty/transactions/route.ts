import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { retrieveCustomerOrThrow } from "../../../../../utils/customer"
import {
  ADMIN_TRANSACTION_FIELDS,
  listCustomerTransactions,
} from "../../../../../utils/transactions"
import type { ListTransactionsParamsType } from "../../../../../validators"

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
  res.json(page)
}
