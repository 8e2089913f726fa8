import type { ReferralSettings } from "../modules/loyalty/program-settings"

/**
 * Referral coupons: each referrer's Medusa promotion code that gives a
 * newcomer the program's first-order discount. They live in one Medusa
 * campaign, so the store owner finds them together in the admin's
 * Promotions, and so one customer gets one referral discount in all
 * (the campaign's budget: one use per customer).
 */
export const REFERRAL_COUPON_CAMPAIGN = "loyalty-referral-coupons"

export type ReferralCoupon = NonNullable<ReferralSettings["coupon"]>

/** Whether referral coupons discount at all: referrals on and a coupon set. */
export function referralCouponOf(referrals: Pick<ReferralSettings, "enabled" | "coupon">): ReferralCoupon | null {
  return referrals.enabled && referrals.coupon ? referrals.coupon : null
}

/**
 * The Medusa promotion fields that carry the discount: a percentage of the
 * order, or a fixed amount off the order in the coupon's one currency, tax
 * included (what the shopper reads as "10 € off").
 */
export function couponDiscount(coupon: ReferralCoupon) {
  if (coupon.type === "percentage") {
    return {
      is_tax_inclusive: false,
      application_method: { type: "percentage" as const, target_type: "order" as const, allocation: "across" as const, value: coupon.value, currency_code: null },
    }
  }
  const [[currency_code, value]] = Object.entries(coupon.value)
  return {
    is_tax_inclusive: true,
    application_method: { type: "fixed" as const, target_type: "order" as const, allocation: "across" as const, value, currency_code },
  }
}

/** What a promotion's metadata records of the coupon it was last brought in step with. */
export function couponFingerprint(coupon: ReferralCoupon): string {
  return coupon.type === "percentage" ? `percentage:${coupon.value}` : `fixed:${Object.entries(coupon.value).map(([c, v]) => `${c}=${v}`).join(",")}`
}

/** How many derived codes are tried when the referral code is some other promotion's code. */
const DERIVED_CODES = 5

/**
 * The coupon codes a referrer's coupon may have, in the order they are taken:
 * the referral code itself (one code for the shopper to share), then
 * `CODE-REF`, `CODE-REF2`… when the store already has a promotion with it.
 * The same order everywhere, so two requests at once reach the same code.
 */
export function couponCodeCandidates(referralCode: string): string[] {
  return [referralCode, ...Array.from({ length: DERIVED_CODES }, (_, i) => `${referralCode}-REF${i ? i + 1 : ""}`)]
}
