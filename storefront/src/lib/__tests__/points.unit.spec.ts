import { orderPoints, pointsValue, redeemBounds, rowLine, tierProgress } from "../points"
import { totalsLines } from "../totals"

describe("pointsValue", () => {
  it("is the points times the currency's point value, in cents", () => {
    expect(pointsValue(300, { eur: 0.01 }, "EUR")).toBe(3)
    expect(pointsValue(333, { eur: 0.01 }, "eur")).toBe(3.33)
  })
  it("is 0 in a currency without a point value", () => {
    expect(pointsValue(300, { eur: 0.01 }, "usd")).toBe(0)
  })
})

describe("redeemBounds", () => {
  it("runs from min_redeem_points to what the cart takes", () => {
    expect(redeemBounds(50, 600)).toEqual({ min: 50, max: 600, usable: true })
  })
  it("is not usable when the cart takes less than the minimum", () => {
    expect(redeemBounds(50, 40).usable).toBe(false)
    expect(redeemBounds(0, 0).usable).toBe(false)
  })
})

describe("tierProgress", () => {
  const silver = { id: "t1", name: "Silver", min_points: 1000, multiplier: 1 }
  const gold = { id: "t2", name: "Gold", min_points: 3000, multiplier: 1.5 }
  it("is the share of the way from the current tier to the next", () => {
    expect(tierProgress({ tier: silver, next_tier: gold, tier_points: 2000 })).toBe(50)
    expect(tierProgress({ tier: null, next_tier: silver, tier_points: 250 })).toBe(25)
  })
  it("is null at the top", () => {
    expect(tierProgress({ tier: gold, next_tier: null, tier_points: 9000 })).toBeNull()
  })
})

describe("rowLine", () => {
  const order = { id: "order_1", display_id: 12 }
  it("reads an order's row back into a key with the order's number", () => {
    expect(rowLine({ description: "Earned on order #12", order })).toEqual({ key: "ledger.earn_order", values: { order: "#12" } })
    expect(rowLine({ description: "Paid for order #12", order })).toEqual({ key: "ledger.redeem_order", values: { order: "#12" } })
  })
  it("keeps the friend's masked name", () => {
    expect(rowLine({ description: "Reward for inviting A*** K.", order: null })).toEqual({
      key: "ledger.referral_friend",
      values: { friend: "A*** K." },
    })
  })
  it("knows the plain lines", () => {
    expect(rowLine({ description: "Welcome bonus", order: null }).key).toBe("ledger.welcome_bonus")
    expect(rowLine({ description: "Expired after inactivity", order: null }).key).toBe("ledger.expire_inactivity")
  })
  it("shows a line it does not know as the server wrote it", () => {
    expect(rowLine({ description: "Something new", order: null })).toEqual({ key: "ledger.as_is", values: { text: "Something new" } })
  })
})

describe("orderPoints", () => {
  const now = Date.parse("2026-01-01T00:00:00Z")
  it("adds up what an order spent and earned, and when the earned points are spendable", () => {
    const rows = [
      { type: "redeem" as const, points: -300, status: "available" as const, available_at: null },
      { type: "earn" as const, points: 77, status: "pending" as const, available_at: "2026-01-15T00:00:00.000Z" },
      { type: "earn" as const, points: 10, status: "void" as const, available_at: null },
    ]
    expect(orderPoints(rows, now)).toEqual({ spent: 300, earned: 77, availableAt: "2026-01-15T00:00:00.000Z", settled: true })
  })
  it("says now for points available at once, and not settled before any row", () => {
    expect(orderPoints([{ type: "earn", points: 600, status: "available", available_at: null }], now).availableAt).toBeNull()
    expect(orderPoints([], now).settled).toBe(false)
    // The spend comes first; the earning is still to be written.
    expect(orderPoints([{ type: "redeem", points: -300, status: "available", available_at: null }], now).settled).toBe(false)
  })
})

describe("totalsLines", () => {
  it("adds up to the total with the points discount shown with its tax", () => {
    // A €18 tote and €5 shipping at 19 % VAT, 300 points of 1 cent off (tax included).
    const lines = totalsLines({
      item_subtotal: 18,
      shipping_subtotal: 5,
      shipping_methods: [{}],
      tax_total: 3.891,
      discount_tax_total: 0.479,
      discount_total: 3,
      total: 24.37,
    })
    expect(lines.discount).toBe(3)
    expect(lines.items + (lines.shipping ?? 0) + lines.tax - lines.discount).toBeCloseTo(lines.total, 2)
  })
  it("has no shipping line before a shipping method", () => {
    expect(totalsLines({ item_subtotal: 18, total: 18 }).shipping).toBeNull()
  })
})
