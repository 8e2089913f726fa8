import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { claimReferralWorkflow } from "../../../../../workflows"
import type { StoreClaimReferralType } from "../../validators"

/**
 * A new shopper (no order yet) is bound to the owner of a referral code: a
 * storefront calls it after sign-up with the `ref` it kept from the link.
 */
export async function POST(req: AuthenticatedMedusaRequest<StoreClaimReferralType>, res: MedusaResponse) {
  const { result } = await claimReferralWorkflow(req.scope).run({
    input: { customer_id: req.auth_context.actor_id, code: req.validatedBody.code, source: "code" },
  })
  const { code, source, status, bound_at } = result
  res.json({ referral: { code, source, status, bound_at } })
}
