import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { changeReferralCodeWorkflow } from "../../../../../workflows"
import { loadAccountView } from "../../../../utils/account-view"
import type { StoreChangeReferralCodeType } from "../../validators"

/** The shopper replaces their referral code with one of their own, once; links with the old one keep working. */
export async function POST(req: AuthenticatedMedusaRequest<StoreChangeReferralCodeType>, res: MedusaResponse) {
  const customerId = req.auth_context.actor_id
  await changeReferralCodeWorkflow(req.scope).run({ input: { customer_id: customerId, code: req.validatedBody.code } })
  res.json({ account: await loadAccountView(req.scope, customerId) })
}
