import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { approveReferralWorkflow } from "../../../../../../workflows"
import type { AdminReviewReferralType } from "../../../validators"
import { referralDecisionView } from "../../decision-view"

/** Approves a flagged referral: bound again, and its waiting rewards are paid. The same request again answers the same; a wrong one is a 400. */
export async function POST(req: AuthenticatedMedusaRequest<AdminReviewReferralType>, res: MedusaResponse) {
  const { result } = await approveReferralWorkflow(req.scope).run({
    input: { referral_id: req.params.id, reviewed_by: req.auth_context.actor_id, note: req.validatedBody.reason ?? null },
  })
  res.json({ referral: referralDecisionView(result) })
}
