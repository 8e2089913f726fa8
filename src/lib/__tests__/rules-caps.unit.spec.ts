import fc from "fast-check"
import { capOrderPoints, capsError, capToMaxBalance } from "../rules/caps"

describe("capOrderPoints", () => {
  it("credits everything without caps", () => {
    expect(capOrderPoints(1590, {}, 100)).toEqual({ points: 1590, capped_by: null })
    expect(capOrderPoints(1590, { max_points_per_order: null, max_balance: null }, 100)).toEqual({ points: 1590, capped_by: null })
  })

  it("credits at most max_points_per_order", () => {
    expect(capOrderPoints(1590, { max_points_per_order: 500 }, 0)).toEqual({ points: 500, capped_by: "max_points_per_order" })
  })

  it("does not name a limit the points only reach", () => {
    expect(capOrderPoints(500, { max_points_per_order: 500, max_balance: 1500 }, 1000)).toEqual({ points: 500, capped_by: null })
  })

  it("credits no more than takes the balance to max_balance", () => {
    expect(capOrderPoints(1590, { max_balance: 2000 }, 1000)).toEqual({ points: 1000, capped_by: "max_balance" })
  })

  it("names max_balance when it is tighter than max_points_per_order", () => {
    expect(capOrderPoints(1590, { max_points_per_order: 500, max_balance: 2000 }, 1700)).toEqual({ points: 300, capped_by: "max_balance" })
  })

  it("names max_points_per_order when it is tighter than max_balance", () => {
    expect(capOrderPoints(1590, { max_points_per_order: 500, max_balance: 2000 }, 1000)).toEqual({
      points: 500,
      capped_by: "max_points_per_order",
    })
  })

  it("leaves more room to an account in debt", () => {
    expect(capOrderPoints(1590, { max_balance: 1000 }, -300)).toEqual({ points: 1300, capped_by: "max_balance" })
  })

  it("credits nothing to an account already above max_balance", () => {
    expect(capOrderPoints(100, { max_balance: 1000 }, 1200)).toEqual({ points: 0, capped_by: "max_balance" })
  })

  it("reads negative points as 0", () => {
    expect(capOrderPoints(-5, { max_balance: 10 }, 0)).toEqual({ points: 0, capped_by: null })
  })

  it("refuses points or a balance that are not whole", () => {
    expect(() => capOrderPoints(1.5, {}, 0)).toThrow(RangeError)
    expect(() => capOrderPoints(1, {}, 0.5)).toThrow("balance must be a safe integer")
  })

  it("never exceeds a limit, and caps only when one is passed", () => {
    const cap = fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null })
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000 }),
        cap,
        cap,
        fc.integer({ min: -5_000, max: 20_000 }),
        (points, max_points_per_order, max_balance, balance) => {
          const result = capOrderPoints(points, { max_points_per_order, max_balance }, balance)
          expect(result.points).toBeGreaterThanOrEqual(0)
          expect(result.points).toBeLessThanOrEqual(points)
          if (max_points_per_order !== null) {
            expect(result.points).toBeLessThanOrEqual(max_points_per_order)
          }
          if (max_balance !== null) {
            expect(balance + result.points).toBeLessThanOrEqual(Math.max(max_balance, balance))
          }
          expect(result.capped_by === null).toBe(result.points === points)
          // The largest amount within both limits, not just any.
          const limit = Math.min(
            points,
            max_points_per_order ?? Infinity,
            max_balance === null ? Infinity : Math.max(max_balance - balance, 0)
          )
          expect(result.points).toBe(limit)
        }
      )
    )
  })
})

describe("capToMaxBalance", () => {
  it("lets the whole credit through without max_balance", () => {
    expect(capToMaxBalance(300, 10_000)).toBe(300)
    expect(capToMaxBalance(300, 10_000, null)).toBe(300)
  })

  it("lets through what fits: a 300-point bonus at 900 of 1000 adds 100", () => {
    expect(capToMaxBalance(300, 900, 1000)).toBe(100)
    expect(capToMaxBalance(50, 900, 1000)).toBe(50)
  })

  it("never goes below 0", () => {
    expect(capToMaxBalance(300, 1500, 1000)).toBe(0)
    expect(capToMaxBalance(-1, 0)).toBe(0)
  })
})

describe("capsError", () => {
  it("accepts no limits and limits of 1 or more", () => {
    expect(capsError({})).toBeNull()
    expect(capsError({ max_points_per_order: null, max_balance: null })).toBeNull()
    expect(capsError({ max_points_per_order: 1, max_balance: 1_000_000 })).toBeNull()
  })

  it.each([
    ["max_points_per_order", { max_points_per_order: 0 }],
    ["max_points_per_order", { max_points_per_order: -10 }],
    ["max_points_per_order", { max_points_per_order: 2.5 }],
    ["max_points_per_order", { max_points_per_order: NaN }],
    ["max_balance", { max_balance: 0 }],
    ["max_balance", { max_points_per_order: 10, max_balance: 1e300 }],
    ["max_balance", { max_balance: "100" as unknown as number }],
  ])("names %s for %j", (field, caps) => {
    expect(capsError(caps)).toMatch(new RegExp(`^${field}: `))
  })

  it("says what it got", () => {
    expect(capsError({ max_balance: 0 })).toBe("max_balance: must be a whole number of points, 1 or more, or null for no limit, got 0")
  })
})
