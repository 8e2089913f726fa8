import { DEFAULT_REFERRAL_SETTINGS } from "../../modules/loyalty/program-settings"
import { isFarAboveAverage, keptReferralPoints, planReferralReward } from "../referral-rewards"

const bound = new Date("2026-12-01T10:00:00Z")
const settings = {
  ...DEFAULT_REFERRAL_SETTINGS,
  enabled: true,
  referrer_points: 500,
  referrer_percent: 10,
  referee_points: 200,
  min_order_amount: { eur: 30 },
}
const order = (over: Partial<Parameters<typeof planReferralReward>[1]> = {}) => ({
  currency_code: "eur",
  basis: "80",
  placed_at: new Date("2026-12-02T10:00:00Z"),
  first_order: true,
  canceled: false,
  ...over,
})

describe("referral rewards", () => {
  it("pay the referrer fixed points and a percent of the first order, and the referee theirs", () => {
    // 10 % of 80 EUR is 8 EUR, at 0.01 EUR a point 800 points.
    const plan = planReferralReward(settings, order(), bound, 0.01)
    expect(plan.declined).toBeNull()
    expect(plan.referrer.points).toBe(1300)
    expect(plan.referee.points).toBe(200)
    expect(plan.referrer.terms).toEqual({ fixed: 500, percent: 10, point_value: 0.01, minimum: 30, basis: "80" })
  })

  it("pay nothing below the currency's minimum, and no minimum holds where the map has none", () => {
    expect(planReferralReward(settings, order({ basis: "29.99" }), bound, 0.01).declined).toBe("below_minimum")
    expect(planReferralReward(settings, order({ basis: "30" }), bound, 0.01).declined).toBeNull()
    const usd = planReferralReward(settings, order({ currency_code: "usd", basis: "5" }), bound, null)
    // No point value for USD: the fixed points, no percent.
    expect([usd.declined, usd.referrer.points]).toEqual([null, 500])
    expect(planReferralReward(settings, order({ basis: "0" }), bound, 0.01).declined).toBe("below_minimum")
  })

  it("pay only the first order unless every_order_days opens a window from the binding", () => {
    expect(planReferralReward(settings, order({ first_order: false }), bound, 0.01).declined).toBe("not_first_order")
    const every = { ...settings, every_order_days: 30 }
    const second = planReferralReward(every, order({ first_order: false }), bound, 0.01)
    expect([second.declined, second.referrer.points, second.referee.points]).toEqual([null, 1300, 0])
    const late = order({ first_order: false, placed_at: new Date("2026-12-31T10:00:01Z") })
    expect(planReferralReward(every, late, bound, 0.01).declined).toBe("window_over")
  })

  it("pay nothing while the program is off or for a canceled order", () => {
    expect(planReferralReward({ ...settings, enabled: false }, order(), bound, 0.01).declined).toBe("disabled")
    expect(planReferralReward(settings, order({ canceled: true }), bound, 0.01).declined).toBe("canceled")
  })

  it("keep the percent of what is left after a return, and nothing below the minimum or once canceled", () => {
    const { referrer, referee } = planReferralReward(settings, order(), bound, 0.01)
    // Half returned: 40 EUR left, 400 points of percent.
    expect(keptReferralPoints(referrer.points, referrer.terms, { canceled: false, basis: "40" })).toBe(900)
    expect(keptReferralPoints(referee.points, referee.terms, { canceled: false, basis: "40" })).toBe(200)
    expect(keptReferralPoints(referrer.points, referrer.terms, { canceled: false, basis: "20" })).toBe(0)
    expect(keptReferralPoints(referee.points, referee.terms, { canceled: false, basis: "20" })).toBe(0)
    expect(keptReferralPoints(referrer.points, referrer.terms, { canceled: true, basis: "80" })).toBe(0)
    // A credit max_balance cut never grows back.
    expect(keptReferralPoints(700, referrer.terms, { canceled: false, basis: "80" })).toBe(700)
  })

  it("give the README's worked example its numbers", () => {
    const readme = { ...DEFAULT_REFERRAL_SETTINGS, enabled: true, referrer_points: 300, referrer_percent: 10, referee_points: 200, min_order_amount: { eur: 30 } }
    // 80 EUR of items, 10 EUR of it paid with 1000 points: 70 paid in money.
    const { referrer, referee } = planReferralReward(readme, order({ basis: "70" }), bound, 0.01)
    expect([referrer.points, referee.points]).toEqual([1000, 200])
    expect(keptReferralPoints(referrer.points, referrer.terms, { canceled: false, basis: "50" })).toBe(800)
    expect(keptReferralPoints(referrer.points, referrer.terms, { canceled: false, basis: "25" })).toBe(0)
    expect(keptReferralPoints(referee.points, referee.terms, { canceled: false, basis: "25" })).toBe(0)
    expect(planReferralReward(readme, order({ basis: "70", first_order: false }), bound, 0.01).declined).toBe("not_first_order")
  })

  it("call an order large only above the factor times a known average", () => {
    expect(isFarAboveAverage("300.01", "100", 3)).toBe(true)
    expect(isFarAboveAverage("300", "100", 3)).toBe(false)
    expect(isFarAboveAverage("150", "99.99", 1.5)).toBe(true)
    // Too few orders to know the average, no factor, or nothing sold yet: never.
    expect(isFarAboveAverage("10000", null, 3)).toBe(false)
    expect(isFarAboveAverage("10000", "100", null)).toBe(false)
    expect(isFarAboveAverage("10000", "0", 3)).toBe(false)
  })
})
