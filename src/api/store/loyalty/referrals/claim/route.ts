import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { shopperReferralStatus } from "../../../../../lib/referral-review"
import { claimReferralWorkflow } from "../../../../../workflows"
import { requestFingerprints } from "../../../../utils/shopper-device"
import type { StoreClaimReferralType } from "../../validators"

/**
 * A new shopper (no order yet) is bound to the owner of a referral code: a
 * storefront calls it after sign-up with the `ref` it kept from the link.
 * A binding flagged for review answers like a bound one, as waiting for review.
 */
export async function POST(req: AuthenticatedMedusaRequest<StoreClaimReferralType>, res: MedusaResponse) {
  const { ip_hash, device_hash } = requestFingerprints(req)
  const { result } = await claimReferralWorkflow(req.scope).run({
    input: { customer_id: req.auth_context.actor_id, code: req.validatedBody.code, source: "code", ip_hash, device_hash },
  })
  const { code, source, status, bound_at } = result
  res.json({ referral: { code, source, status: shopperReferralStatus(status), bound_at } })
}
