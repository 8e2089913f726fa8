import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { recordReferralVisitWorkflow } from "../../../../../workflows"
import { visitorHashes } from "../../../../utils/visitor"
import type { StoreReferralVisitType } from "../../validators"

/**
 * A storefront reports an arrival (document.referrer and the URL's UTM), no
 * login needed. `visit_id` is null for ordinary traffic: only a visit from an
 * approved referring site or an external source is kept.
 */
export async function POST(req: MedusaRequest<StoreReferralVisitType>, res: MedusaResponse) {
  const { referrer = null, utm_source = null, utm_medium = null, utm_campaign = null } = req.validatedBody
  const { result } = await recordReferralVisitWorkflow(req.scope).run({
    input: { referrer, utm_source, utm_medium, utm_campaign, ...visitorHashes(req) },
  })
  res.json({ visit_id: result?.id ?? null })
}
