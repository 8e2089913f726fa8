import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { verifyReferralSiteWorkflow } from "../../../../../../../workflows"
import { shopperSiteView } from "../../../../../../utils/referral-site-view"

/** The referrer asks for the check of their site's token; verified, it waits for the store's approval. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result } = await verifyReferralSiteWorkflow(req.scope).run({
    input: { customer_id: req.auth_context.actor_id, site_id: req.params.id },
  })
  res.json({ site: shopperSiteView(result) })
}
