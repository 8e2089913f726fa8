import type { AuthenticatedMedusaRequest, MedusaNextFunction, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"

export const NOT_ENROLLED_MESSAGE = "This customer is not enrolled in the loyalty program."

/**
 * The read side of the holdout (issue 21): a held-out shopper is not in the
 * program, so every loyalty route of theirs (program, account, history, cart
 * points, referrals) answers 403 `not_allowed`, and a storefront hides its
 * points. The account's recorded draw decides. While the holdout is on, a
 * shopper with no account yet gets it here, drawn by their real sign-up time
 * (the routes behind would make it with none), so the first answer is the
 * lasting one; while it is off, reads write nothing. Guests pass.
 */
export async function refuseHoldoutShopper(req: AuthenticatedMedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const customerId = req.auth_context?.actor_id
    if (!customerId) {
      return next()
    }
    if (await isHeldOut(req, customerId)) {
      res.status(403).json({ type: "not_allowed", message: NOT_ENROLLED_MESSAGE })
      return
    }
    next()
  } catch (error) {
    next(error)
  }
}

async function isHeldOut(req: AuthenticatedMedusaRequest, customerId: string): Promise<boolean> {
  const loyalty: ILoyaltyModuleService = req.scope.resolve(LOYALTY_MODULE)
  const [account] = await loyalty.listLoyaltyAccounts({ customer_id: customerId }, { select: ["id", "holdout"], take: 1 })
  if (account) {
    return account.holdout === true
  }
  if (!((await loyalty.holdoutSetting()).percent > 0)) {
    return false
  }
  const created = await loyalty.getOrCreateAccount(customerId, { signed_up_at: await signedUpAt(req, customerId) })
  return created.holdout === true
}

async function signedUpAt(req: AuthenticatedMedusaRequest, customerId: string): Promise<Date | undefined> {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [customer],
  } = await query.graph({ entity: "customer", fields: ["created_at"], filters: { id: customerId } })
  return customer?.created_at ? new Date(customer.created_at as string) : undefined
}
