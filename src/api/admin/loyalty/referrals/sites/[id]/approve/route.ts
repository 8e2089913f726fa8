import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { reviewReferralSiteWorkflow } from "../../../../../../../workflows"

/** An admin approves a verified referring site: visits from it bind to its owner from now on. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result } = await reviewReferralSiteWorkflow(req.scope).run({
    input: { site_id: req.params.id, decision: "approve", reviewed_by: req.auth_context.actor_id },
  })
  const { token: _token, ...site } = result
  res.json({ site })
}
