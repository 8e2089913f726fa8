import type { IPromotionModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { couponDiscount, couponFingerprint, REFERRAL_COUPON_CAMPAIGN, type ReferralCoupon } from "../../lib/referral-coupon"

type Scope = { resolve<T = any>(key: string): T }

/** Metadata on a referral coupon's promotion: whose it is, and the coupon it gives. */
export type ReferralCouponMetadata = {
  loyalty_referrer_account_id: string
  loyalty_referrer_customer_id: string
  loyalty_referral_code: string
  loyalty_coupon: string
}

export const referralCouponMetadata = (promotion: { metadata?: Record<string, unknown> | null }) =>
  (promotion.metadata ?? {}) as Partial<ReferralCouponMetadata>

/** Whether a promotion (listed with its campaign) is one of the plugin's referral coupons. */
export const isReferralCoupon = (promotion: any) =>
  promotion?.campaign?.campaign_identifier === REFERRAL_COUPON_CAMPAIGN && Boolean(referralCouponMetadata(promotion).loyalty_referrer_account_id)

/**
 * The referral coupons' campaign, made on first need. Its budget allows one
 * use per customer: whichever referrer's code they use, a shopper gets one
 * referral discount (Medusa counts it when the order is placed). Two first
 * coupons at once: the campaign identifier is unique, the loser reads the winner's.
 */
export async function referralCouponCampaign(scope: Scope) {
  const promotions: IPromotionModuleService = scope.resolve(Modules.PROMOTION)
  const [existing] = await promotions.listCampaigns({ campaign_identifier: [REFERRAL_COUPON_CAMPAIGN] })
  if (existing) {
    return existing
  }
  try {
    return await promotions.createCampaigns({
      name: "Referral coupons",
      campaign_identifier: REFERRAL_COUPON_CAMPAIGN,
      description: "Made by medusa-loyalty: each referrer's code, a newcomer's first-order discount. Settings → Loyalty → Referrals sets the discount.",
      budget: { type: "use_by_attribute", attribute: "customer_id", limit: 1 },
    } as any)
  } catch (error) {
    const [created] = await promotions.listCampaigns({ campaign_identifier: [REFERRAL_COUPON_CAMPAIGN] })
    if (created) {
      return created
    }
    throw error
  }
}

/** Referral coupons discount while the campaign runs: ending it stops every code at once. */
export async function setReferralCouponsRunning(scope: Scope, campaign: { id: string; ends_at?: Date | string | null }, running: boolean) {
  const ended = Boolean(campaign.ends_at) && new Date(campaign.ends_at as any) <= new Date()
  if (running === !ended) {
    return
  }
  const promotions: IPromotionModuleService = scope.resolve(Modules.PROMOTION)
  await promotions.updateCampaigns({ id: campaign.id, ends_at: running ? null : new Date() } as any)
}

/**
 * A referrer's coupon as Medusa applies it. Its rules: not for the referrer
 * (`customer.id`), and only for a registered shopper (`customer.has_account`;
 * guests earn and are bound to nothing). Medusa checks both on every cart
 * refresh; whether the shopper already ordered is a fact Medusa's rules cannot
 * name (see referral-coupon-middleware.ts).
 */
export function referralCouponPromotion(
  code: string,
  campaignId: string,
  coupon: ReferralCoupon,
  referrer: { account_id: string; customer_id: string; referral_code: string }
) {
  const metadata: ReferralCouponMetadata = {
    loyalty_referrer_account_id: referrer.account_id,
    loyalty_referrer_customer_id: referrer.customer_id,
    loyalty_referral_code: referrer.referral_code,
    loyalty_coupon: couponFingerprint(coupon),
  }
  return {
    code,
    type: "standard",
    status: "active",
    is_automatic: false,
    campaign_id: campaignId,
    ...couponDiscount(coupon),
    rules: [
      { attribute: "customer.id", operator: "ne", values: [referrer.customer_id] },
      { attribute: "customer.has_account", operator: "eq", values: ["true"] },
    ],
    metadata,
  }
}

/** Brings referral coupons made under an older setting in step with `coupon`; returns how many changed. */
export async function bringCouponsInStep(scope: Scope, coupons: any[], coupon: ReferralCoupon): Promise<number> {
  const stale = coupons.filter((promotion) => referralCouponMetadata(promotion).loyalty_coupon !== couponFingerprint(coupon))
  if (!stale.length) {
    return 0
  }
  const promotions: IPromotionModuleService = scope.resolve(Modules.PROMOTION)
  const { is_tax_inclusive, application_method } = couponDiscount(coupon)
  await promotions.updatePromotions(
    stale.map((promotion) => ({
      id: promotion.id,
      is_tax_inclusive,
      application_method,
      metadata: { ...referralCouponMetadata(promotion), loyalty_coupon: couponFingerprint(coupon) },
    })) as any
  )
  return stale.length
}
