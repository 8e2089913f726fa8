import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ensureReferralCodeWorkflow, updateAccountProfileWorkflow } from "../../../../workflows"
import { loadAccountView } from "../../../utils/account-view"
import type { StoreUpdateAccountType } from "../validators"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const customerId = req.auth_context.actor_id
  let account = await loadAccountView(req.scope, customerId)
  if (!account.referral_code) {
    // An account from before referral codes, or none yet: the shopper's code is given on first read.
    await ensureReferralCodeWorkflow(req.scope).run({ input: { customer_id: customerId } })
    account = await loadAccountView(req.scope, customerId)
  }
  res.json({ account })
}

/** The shopper sets their birthday (once) and newsletter choice; a first opt-in earns newsletter_bonus. */
export async function POST(req: AuthenticatedMedusaRequest<StoreUpdateAccountType>, res: MedusaResponse) {
  const customerId = req.auth_context.actor_id
  await updateAccountProfileWorkflow(req.scope).run({ input: { customer_id: customerId, ...req.validatedBody } })
  const account = await loadAccountView(req.scope, customerId)
  res.json({ account })
}
