import type { ProgramSettings } from "../../hooks/program"
import { toBody, toForm } from "../program-form"

const base: ProgramSettings = {
  enabled: true,
  earn_percent: 5,
  point_values: { eur: 0.01 },
  max_redeem_percent: 30,
  min_redeem_points: 0,
  pending_days: 14,
  expiry_days: 365,
  expiry_warning_days: 14,
  inactivity_days: 0,
  allow_negative_balance: true,
  earn_on_shipping: false,
  earn_on_tax: false,
  reservation_ttl_hours: 24,
  holdout_percent: 0,
}

const withRules: ProgramSettings = {
  ...base,
  welcome_bonus: { points: 100, expiry_days: null },
  birthday_bonus: { points: 50, expiry_days: 3 },
  newsletter_bonus: null,
  order_bonus: null,
  achievements: [{ currency_code: "eur", spend: 1000, points: 500 }],
  max_points_per_order: null,
  max_balance: 100000,
  tier_window_days: 365,
  time_zone: "Europe/Berlin",
  storefront_url: "https://shop.example/de",
  referrals: {
    enabled: true,
    referrer_points: 100,
    referrer_percent: 5,
    referee_points: 50,
    every_order_days: 0,
    min_order_amount: { eur: 20 },
    monthly_cap: null,
    review_deadline_days: 14,
    review_default: "reject",
    coupon: { type: "percentage", value: 10 },
    external_sources: [{ utm_source: "newsletter", origin: null, points: 25, expiry_days: null }],
    flag_order_over_average: 5,
    flag_referrals_per_day: null,
  },
  notifications: {
    points_earned: { channel: "email", template: "loyalty-points-earned" },
    winback: { channel: "feed", template: "d-123", locale: "ru" },
  },
  winback_days: 30,
  winback_bonus: { points: 200, expiry_days: 14 },
}

describe("program settings form", () => {
  it("sends back what it loaded, unchanged", () => {
    expect(toBody(toForm(withRules))).toEqual(withRules)
    expect(toBody(toForm(base))).toEqual(base)
  })

  it("sends an empty storefront address as no links, and none at all to a server from before referrals", () => {
    const form = toForm(withRules)
    form.rules!.storefront_url = "  "
    expect(toBody(form).storefront_url).toBeNull()
    const { storefront_url: _, ...older } = withRules
    expect(toForm(older).rules!.storefront_url).toBeNull()
    expect(Object.keys(toBody(toForm(older)))).not.toContain("storefront_url")
  })

  it("sends no referral settings to a server from before referrals", () => {
    const { referrals: _, ...older } = withRules
    expect(toForm(older).referrals).toBeNull()
    expect(Object.keys(toBody(toForm(older)))).not.toContain("referrals")
  })

  it("sends no issue 6 settings to a server that has none", () => {
    const form = toForm(base)
    expect(form.rules).toBeNull()
    expect(Object.keys(toBody(form))).not.toContain("welcome_bonus")
  })

  it("turns a bonus off as null, an empty expiry into the program's expiry and an empty cap into no limit", () => {
    const form = toForm(withRules)
    form.rules!.bonuses.welcome_bonus.on = false
    form.rules!.bonuses.order_bonus = { on: true, points: "10", expiry_days: "" }
    form.rules!.max_balance = " "
    form.rules!.achievements.push({ currency_code: "", spend: "", points: "" }, { currency_code: " USD", spend: "99.5", points: "20" })
    const body = toBody(form)
    expect(body.welcome_bonus).toBeNull()
    expect(body.order_bonus).toEqual({ points: 10, expiry_days: null })
    expect(body.max_balance).toBeNull()
    expect(body.achievements).toEqual([
      { currency_code: "eur", spend: 1000, points: 500 },
      { currency_code: "usd", spend: 99.5, points: 20 },
    ])
  })

  it("shows every notified event, sends only those switched on, and win-back's bonus as null when off", () => {
    const form = toForm(withRules)
    expect(form.messages!.notifications.points_expired).toEqual({
      on: false,
      channel: "email",
      template: "loyalty-points-expired",
      locale: "",
    })
    form.messages!.notifications.points_earned.on = false
    form.messages!.notifications.tier_changed = { on: true, channel: " email ", template: " loyalty-tier-changed ", locale: "" }
    form.messages!.winback_bonus.on = false
    form.messages!.winback_days = "0"
    const body = toBody(form)
    expect(body.notifications).toEqual({
      tier_changed: { channel: "email", template: "loyalty-tier-changed" },
      winback: { channel: "feed", template: "d-123", locale: "ru" },
    })
    expect(body.winback_bonus).toBeNull()
    expect(body.winback_days).toBe(0)
  })

  it("sends no notifications or win-back to a server that has none", () => {
    const { notifications: _, winback_days: __, winback_bonus: ___, ...older } = withRules
    expect(toForm(older).messages).toBeNull()
    expect(Object.keys(toBody(toForm(older)))).not.toContain("notifications")
    expect(Object.keys(toBody(toForm(older)))).not.toContain("winback_days")
  })
})
