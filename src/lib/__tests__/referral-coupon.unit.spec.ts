import { couponCodeCandidates, couponDiscount, couponFingerprint, referralCouponOf } from "../referral-coupon"

describe("referral coupons", () => {
  it("discount only while referrals are on and a coupon is set", () => {
    const coupon = { type: "percentage" as const, value: 10 }
    expect(referralCouponOf({ enabled: true, coupon })).toBe(coupon)
    expect(referralCouponOf({ enabled: false, coupon })).toBeNull()
    expect(referralCouponOf({ enabled: true, coupon: null })).toBeNull()
  })

  it("take a percentage off the order, or a fixed amount, tax included, in the coupon's currency", () => {
    expect(couponDiscount({ type: "percentage", value: 10 })).toEqual({
      is_tax_inclusive: false,
      application_method: { type: "percentage", target_type: "order", allocation: "across", value: 10, currency_code: null },
    })
    expect(couponDiscount({ type: "fixed", value: { eur: 5 } })).toEqual({
      is_tax_inclusive: true,
      application_method: { type: "fixed", target_type: "order", allocation: "across", value: 5, currency_code: "eur" },
    })
  })

  it("name the setting they were made under, so a change is seen", () => {
    const seen = new Set([
      couponFingerprint({ type: "percentage", value: 10 }),
      couponFingerprint({ type: "percentage", value: 15 }),
      couponFingerprint({ type: "fixed", value: { eur: 10 } }),
      couponFingerprint({ type: "fixed", value: { usd: 10 } }),
    ])
    expect(seen.size).toBe(4)
    expect(couponFingerprint({ type: "fixed", value: { eur: 10 } })).toBe(couponFingerprint({ type: "fixed", value: { eur: 10 } }))
  })

  it("use the referral code first, then codes derived from it, always in the same order", () => {
    expect(couponCodeCandidates("ANNA-7K3Q")).toEqual([
      "ANNA-7K3Q",
      "ANNA-7K3Q-REF",
      "ANNA-7K3Q-REF2",
      "ANNA-7K3Q-REF3",
      "ANNA-7K3Q-REF4",
      "ANNA-7K3Q-REF5",
    ])
  })
})
