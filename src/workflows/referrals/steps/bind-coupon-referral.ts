import type { IPromotionModuleService } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { bindShopperReferral } from "./bind-referral"
import { isReferralCoupon, referralCouponMetadata } from "../referral-coupons"

/**
 * An order placed with a referral coupon binds its customer to the coupon's
 * referrer (source `coupon`), as a claim with the referral code would: first
 * touch wins, and a refusal (self, existing customer, loop, already referred)
 * is recorded by the module and logged, never failing the order's points.
 * A guest order binds no one: a guest has no account to be rewarded in or to
 * sign in to (Medusa's rules give guests no referral discount anyway).
 * Redelivered, the binding replays: one binding, one loyalty.referral_bound.
 * No compensation: a binding is for good (an admin may unbind it).
 */
export const bindCouponReferralStep = createStep(
  "loyalty-bind-coupon-referral",
  async (input: { order_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const {
      data: [order],
    } = await query.graph({
      entity: "order",
      fields: ["id", "customer_id", "customer.has_account", "items.adjustments.promotion_id", "shipping_methods.adjustments.promotion_id"],
      filters: { id: input.order_id },
    })
    const promotionIds = [...(order?.items ?? []), ...(order?.shipping_methods ?? [])]
      .flatMap((line: any) => line?.adjustments ?? [])
      .map((adjustment: any) => adjustment?.promotion_id)
      .filter(Boolean)
    if (!order?.customer_id || !promotionIds.length) {
      return new StepResponse(null)
    }
    const promotions: IPromotionModuleService = container.resolve(Modules.PROMOTION)
    const used = await promotions.listPromotions({ id: [...new Set(promotionIds)] }, { relations: ["campaign"], withDeleted: true } as any)
    const coupon = used.find(isReferralCoupon)
    if (!coupon) {
      return new StepResponse(null)
    }
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    if (!(order.customer as any)?.has_account) {
      logger.info(`medusa-loyalty: guest order ${order.id} used the referral coupon ${coupon.code}; guests are not bound`)
      return new StepResponse(null)
    }
    // The anti-fraud checks compare this order's shipping address too (bindShopperReferral reads it).
    const result = await bindShopperReferral(container, {
      customer_id: order.customer_id,
      code: referralCouponMetadata(coupon).loyalty_referral_code!,
      source: "coupon",
      order_id: order.id,
    })
    if (result.refused) {
      logger.info(`medusa-loyalty: order ${order.id} used the referral coupon ${coupon.code}; no binding (${result.refused})`)
      return new StepResponse(null)
    }
    return new StepResponse(result.referral)
  }
)
