import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { unbindReferralWorkflow } from "../../../../../../workflows"
import type { AdminReviewReferralType } from "../../../validators"
import { referralDecisionView } from "../../decision-view"

/** Unbinds a bound or flagged referral: future rewards stop; rows already in the ledger stay. The same request again answers the same; a wrong one is a 400. */
export async function POST(req: AuthenticatedMedusaRequest<AdminReviewReferralType>, res: MedusaResponse) {
  const { result } = await unbindReferralWorkflow(req.scope).run({
    input: { referral_id: req.params.id, reviewed_by: req.auth_context.actor_id, note: req.validatedBody.reason ?? null },
  })
  res.json({ referral: referralDecisionView(result) })
}
