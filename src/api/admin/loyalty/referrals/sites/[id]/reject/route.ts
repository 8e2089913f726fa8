import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { reviewReferralSiteWorkflow } from "../../../../../../../workflows"
import type { AdminRejectReferralSiteType } from "../../validators"

/** An admin rejects a referring site with a reason its owner sees; its later visits bind no one. */
export async function POST(req: AuthenticatedMedusaRequest<AdminRejectReferralSiteType>, res: MedusaResponse) {
  const { result } = await reviewReferralSiteWorkflow(req.scope).run({
    input: { site_id: req.params.id, decision: "reject", reviewed_by: req.auth_context.actor_id, reason: req.validatedBody.reason },
  })
  const { token: _token, ...site } = result
  res.json({ site })
}
