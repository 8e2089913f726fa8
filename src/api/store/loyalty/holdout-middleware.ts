import type { AuthenticatedMedusaRequest, MedusaNextFunction, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"

export const NOT_ENROLLED_MESSAGE = "This customer is not enrolled in the loyalty program."

/**
 * The read side of the holdout (issue 21): a held-out shopper is not in the
 * program, so every loyalty route of theirs (program, account, history, cart
 * points, referrals) answers 403 `not_allowed`, and a storefront hides its
 * points. A shopper with no account yet gets it here, drawn by their sign-up
 * time, so the first answer is already the lasting one. Guests pass.
 */
export async function refuseHoldoutShopper(req: AuthenticatedMedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const customerId = req.auth_context?.actor_id
    if (!customerId) {
      return next()
    }
    const loyalty: ILoyaltyModuleService = req.scope.resolve(LOYALTY_MODULE)
    const [found] = await loyalty.listLoyaltyAccounts({ customer_id: customerId }, { select: ["id", "holdout"], take: 1 })
    const account = found ?? (await loyalty.getOrCreateAccount(customerId, { signed_up_at: await signedUpAt(req, customerId) }))
    if (account.holdout) {
      res.status(403).json({ type: "not_allowed", message: NOT_ENROLLED_MESSAGE })
      return
    }
    next()
  } catch (error) {
    next(error)
  }
}

async function signedUpAt(req: AuthenticatedMedusaRequest, customerId: string): Promise<Date | undefined> {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [customer],
  } = await query.graph({ entity: "customer", fields: ["created_at"], filters: { id: customerId } })
  return customer?.created_at ? new Date(customer.created_at as string) : undefined
}
