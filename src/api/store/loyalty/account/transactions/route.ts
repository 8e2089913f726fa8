import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { listShopperTransactions } from "../../../../utils/transactions"
import type { ListTransactionsParamsType } from "../../../../validators"

/** The shopper's own points history, newest first: what they should see, not the admin's notes. */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, ListTransactionsParamsType>,
  res: MedusaResponse
) {
  const { limit, offset, ...filters } = req.validatedQuery as ListTransactionsParamsType
  res.json(await listShopperTransactions(req.scope, req.auth_context.actor_id, { skip: offset, take: limit }, filters))
}
