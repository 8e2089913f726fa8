import { DEFAULT_REFERRAL_SETTINGS, programSettingsPatchSchema } from "../../../modules/loyalty/program-settings"
import { referralFormErrors, type ReferralSettings, toReferralBody, toReferralForm } from "../referral-form"

// A fresh program's referrals, as the server defines them.
const defaults: ReferralSettings = DEFAULT_REFERRAL_SETTINGS

const full: ReferralSettings = {
  enabled: true,
  referrer_points: 100,
  referrer_percent: 2.5,
  referee_points: 50,
  every_order_days: 90,
  min_order_amount: { eur: 20, usd: 25.5 },
  monthly_cap: 10,
  review_deadline_days: 7,
  review_default: "approve",
  coupon: { type: "fixed", value: { eur: 5 } },
  external_sources: [
    { utm_source: "newsletter", origin: null, points: 30, expiry_days: null },
    { utm_source: null, origin: "https://blog.example", points: 40, expiry_days: 0 },
    { utm_source: "partner", origin: "https://partner.example", points: 10, expiry_days: 30 },
  ],
  flag_order_over_average: 3.5,
  flag_referrals_per_day: 5,
}

describe("referral settings form", () => {
  it("sends back what it loaded, unchanged", () => {
    expect(toReferralBody(toReferralForm(full))).toEqual(full)
    expect(toReferralBody(toReferralForm(defaults))).toEqual(defaults)
    const percentage: ReferralSettings = { ...full, coupon: { type: "percentage", value: 10 } }
    expect(toReferralBody(toReferralForm(percentage))).toEqual(percentage)
  })

  it("sends what the server's schema takes, whole (its types and the server's agree)", () => {
    for (const settings of [defaults, full]) {
      const referrals = toReferralBody(toReferralForm(settings))
      expect(programSettingsPatchSchema.parse({ referrals })).toEqual({ referrals })
    }
  })

  it("sends an emptied cap and emptied flags as null (off), and an empty source expiry as the program's", () => {
    const form = toReferralForm(full)
    form.monthly_cap = ""
    form.flag_order_over_average = " "
    form.flag_referrals_per_day = ""
    form.external_sources[2].expiry_days = ""
    const body = toReferralBody(form)
    expect(body).toMatchObject({ monthly_cap: null, flag_order_over_average: null, flag_referrals_per_day: null })
    expect(body.external_sources[2].expiry_days).toBeNull()
    expect(referralFormErrors(form)).toEqual({})
  })

  it("sends the coupon of the kind chosen, keeping the other kind's values in the form", () => {
    const form = toReferralForm(full)
    expect(form.coupon).toEqual({ kind: "fixed", percent: "", currency: "eur", amount: "5" })
    form.coupon = { ...form.coupon, kind: "percentage", percent: "15" }
    expect(toReferralBody(form).coupon).toEqual({ type: "percentage", value: 15 })
    form.coupon.kind = "fixed"
    form.coupon.currency = " USD"
    expect(toReferralBody(form).coupon).toEqual({ type: "fixed", value: { usd: 5 } })
    form.coupon.kind = "off"
    expect(toReferralBody(form).coupon).toBeNull()
  })

  it("drops a wholly empty source row and a min amount row without a currency, and trims what is typed", () => {
    const form = toReferralForm(defaults)
    form.external_sources.push(
      { utm_source: "", origin: "", points: "", expiry_days: "" },
      { utm_source: " ads ", origin: " ", points: "20", expiry_days: "10" }
    )
    form.min_order_amount.push({ currency: "", amount: "" }, { currency: "EUR", amount: "15" })
    const body = toReferralBody(form)
    expect(body.external_sources).toEqual([{ utm_source: "ads", origin: null, points: 20, expiry_days: 10 }])
    expect(body.min_order_amount).toEqual({ eur: 15 })
  })

  it("names the obvious mistakes by field and leaves the limits to the server", () => {
    const form = toReferralForm(full)
    form.referrer_points = ""
    form.referee_points = "1.5"
    form.monthly_cap = "abc"
    form.referrer_percent = "150" // over the maximum: the server's to refuse
    form.coupon = { kind: "percentage", percent: "", currency: "", amount: "" }
    form.min_order_amount[1] = { currency: "", amount: "x" }
    form.external_sources.push({ utm_source: " ", origin: "", points: "", expiry_days: "2.5" })
    expect(referralFormErrors(form)).toEqual({
      referrer_points: "required",
      referee_points: "whole_number",
      monthly_cap: "not_a_number",
      "coupon.percent": "required",
      "min_order_amount.1.currency": "currency_needed",
      "min_order_amount.1.amount": "not_a_number",
      "external_sources.3.source": "source_needed",
      "external_sources.3.points": "required",
      "external_sources.3.expiry_days": "whole_number",
    })
    form.coupon.kind = "fixed"
    expect(referralFormErrors(form)).toMatchObject({ "coupon.currency": "currency_needed", "coupon.amount": "required" })
    expect(referralFormErrors(toReferralForm(full))).toEqual({})
  })
})
