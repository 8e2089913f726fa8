import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IPromotionModuleService } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { hasOrdered } from "../../../workflows/referrals/customer-orders"
import { isReferralCoupon } from "../../../workflows/referrals/referral-coupons"

/**
 * A referral coupon is a newcomer's first-order discount. Medusa's own rules
 * on the coupon keep it from the referrer and from guests, and its campaign
 * budget gives each customer one referral discount; "has already ordered" is
 * no attribute a Medusa promotion rule can test, so Medusa's promo-code routes
 * (`POST /store/carts/:id/promotions`, `POST /store/carts/:id` with
 * `promo_codes`) refuse it here, with a reason, for a shopper who has an order,
 * and for a cart with no signed-in shopper (where Medusa's per-customer budget
 * would answer with its own less clear error).
 */
export async function refuseReferralCouponForExistingCustomers(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const codes = ((req.body as any)?.promo_codes ?? []).filter((code: unknown): code is string => typeof code === "string")
    if (!codes.length) {
      return next()
    }
    const promotions: IPromotionModuleService = req.scope.resolve(Modules.PROMOTION)
    const coupon = (await promotions.listPromotions({ code: codes }, { relations: ["campaign"] })).find(isReferralCoupon)
    if (!coupon) {
      return next()
    }
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const {
      data: [cart],
    } = await query.graph({ entity: "cart", fields: ["id", "customer_id", "customer.has_account"], filters: { id: req.params.id } })
    if (!cart) {
      return next()
    }
    if (!cart.customer_id || !(cart.customer as any)?.has_account) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `The referral coupon ${coupon.code} is for signed-in shoppers: sign in or create an account to use it.`)
    }
    if (await hasOrdered(query, cart.customer_id)) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `The referral coupon ${coupon.code} is for new shoppers before their first order.`)
    }
    next()
  } catch (error) {
    next(error)
  }
}
