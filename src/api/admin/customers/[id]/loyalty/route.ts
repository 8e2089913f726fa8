import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { loadAdminAccountView } from "../../../../utils/account-view"
import { retrieveCustomerOrThrow } from "../../../../utils/customer"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await retrieveCustomerOrThrow(req.scope, req.params.id)
  res.json({ account: await loadAdminAccountView(req.scope, req.params.id) })
}
