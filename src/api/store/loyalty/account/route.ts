import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { updateAccountProfileWorkflow } from "../../../../workflows"
import { loadAccountViewWithCode } from "../../../utils/account-view"
import { keepShopperDevice } from "../../../utils/shopper-device"
import type { StoreUpdateAccountType } from "../validators"

/** The shopper's account; the device they read it from is kept beside the read (utils/shopper-device.ts). */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const [account] = await Promise.all([loadAccountViewWithCode(req.scope, req.auth_context.actor_id), keepShopperDevice(req)])
  res.json({ account })
}

/** The shopper sets their birthday (once), newsletter choice (a first opt-in earns newsletter_bonus) and notifications_opt_out. */
export async function POST(req: AuthenticatedMedusaRequest<StoreUpdateAccountType>, res: MedusaResponse) {
  const customerId = req.auth_context.actor_id
  await updateAccountProfileWorkflow(req.scope).run({ input: { customer_id: customerId, ...req.validatedBody } })
  res.json({ account: await loadAccountViewWithCode(req.scope, customerId) })
}
