import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { shopperReferralStatus } from "../../../../../lib/referral-review"
import { claimReferralWorkflow } from "../../../../../workflows"
import { requestFingerprints } from "../../../../utils/shopper-device"
import type { StoreClaimReferralType } from "../../validators"

/**
 * A new shopper (no order yet) is bound to the owner of a referral code, or
 * of the referring site of the visit they arrived with: a storefront calls it
 * after sign-up with the `ref` it kept from the link and/or the visit id.
 * A binding flagged for review answers as `in_review`, never why.
 */
export async function POST(req: AuthenticatedMedusaRequest<StoreClaimReferralType>, res: MedusaResponse) {
  const { code, visit_id } = req.validatedBody
  const { ip_hash, device_hash } = requestFingerprints(req)
  const { result } = await claimReferralWorkflow(req.scope).run({
    input: { customer_id: req.auth_context.actor_id, code, visit_id, ip_hash, device_hash },
  })
  const referral = result.referral
    ? {
        code: result.referral.code,
        source: result.referral.source,
        status: shopperReferralStatus(result.referral.status),
        bound_at: result.referral.bound_at,
      }
    : null
  res.json({ referral, bonus: result.bonus })
}
