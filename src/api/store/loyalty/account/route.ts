import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { loadAccountView } from "../../../utils/account-view"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const account = await loadAccountView(req.scope, req.auth_context.actor_id)
  res.json({ account })
}
