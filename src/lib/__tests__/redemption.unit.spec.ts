import {
  maxRedeemablePoints,
  minimumItemsPrice,
  pointsForAppliedDiscount,
  redemptionRefusal,
  type RedemptionBounds,
} from "../redemption"

// A cart of 84.00 with tax, nothing else off, 30 % payable, points worth 0.01, 5000 to spend.
const bounds: RedemptionBounds = {
  spendable: 5000,
  min_redeem_points: 100,
  max_redeem_percent: 30,
  point_value: 0.01,
  items_price: 84,
  items_total: 84,
}

describe("maxRedeemablePoints", () => {
  it("is the tightest of balance, percent and items total", () => {
    expect(maxRedeemablePoints(bounds)).toEqual({ points: 2520, limit: "max_redeem_percent" })
    expect(maxRedeemablePoints({ ...bounds, spendable: 1000 })).toEqual({ points: 1000, limit: "balance" })
    expect(maxRedeemablePoints({ ...bounds, spendable: 9000, max_redeem_percent: 100, items_total: 75.6 })).toEqual({
      points: 7560,
      limit: "items_total",
    })
  })

  it("rounds down and never goes below zero", () => {
    expect(maxRedeemablePoints({ ...bounds, items_price: 84.99 }).points).toBe(2549)
    expect(maxRedeemablePoints({ ...bounds, spendable: -40 }).points).toBe(0)
    expect(maxRedeemablePoints({ ...bounds, max_redeem_percent: 0 }).points).toBe(0)
  })
})

describe("redemptionRefusal", () => {
  it("lets through what fits", () => {
    expect(redemptionRefusal(2520, bounds)).toBeNull()
    expect(redemptionRefusal(100, bounds)).toBeNull()
  })

  it("names the limit and the maximum", () => {
    expect(redemptionRefusal(2521, bounds)).toBe(
      "points: 2521 is too many, points may pay at most 30 % of this cart (max_redeem_percent): at most 2520 points"
    )
    expect(redemptionRefusal(1001, { ...bounds, spendable: 1000 })).toBe(
      "points: 1001 is too many, you have 1000 points available to spend"
    )
    expect(redemptionRefusal(99, bounds)).toBe("points: at least 100 points must be applied (min_redeem_points)")
  })
})

describe("minimumItemsPrice", () => {
  it("is the price at which the points are exactly max_redeem_percent", () => {
    expect(minimumItemsPrice(2520, 0.01, 30).numeric).toBe(84)
    expect(minimumItemsPrice(1000, 0.01, 100).numeric).toBe(10)
    expect(() => minimumItemsPrice(1000, 0.01, 0)).toThrow(/max_redeem_percent/)
  })
})

describe("pointsForAppliedDiscount", () => {
  it("charges the whole hold for the whole discount, and never more", () => {
    expect(pointsForAppliedDiscount(1000, 10, 10)).toBe(1000)
    expect(pointsForAppliedDiscount(1000, 12, 10)).toBe(1000)
  })

  it("charges a smaller discount rounded up, and nothing for none", () => {
    expect(pointsForAppliedDiscount(1000, "9.99999999999999999999", 10)).toBe(1000)
    expect(pointsForAppliedDiscount(1000, 2.5, 10)).toBe(250)
    expect(pointsForAppliedDiscount(1000, 2.501, 10)).toBe(251)
    expect(pointsForAppliedDiscount(1000, 0, 10)).toBe(0)
    expect(pointsForAppliedDiscount(1000, 5, 0)).toBe(0)
  })
})
