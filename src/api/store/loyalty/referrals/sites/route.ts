import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { registerReferralSiteWorkflow } from "../../../../../workflows"
import { shopperSiteView } from "../../../../utils/referral-site-view"
import type { StoreRegisterReferralSiteType } from "../../validators"

/** The referrer registers a site of theirs: its token and where to put it. */
export async function POST(req: AuthenticatedMedusaRequest<StoreRegisterReferralSiteType>, res: MedusaResponse) {
  const { result } = await registerReferralSiteWorkflow(req.scope).run({
    input: { customer_id: req.auth_context.actor_id, origin: req.validatedBody.origin },
  })
  res.json({ site: shopperSiteView(result) })
}
