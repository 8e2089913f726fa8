import { BigNumber } from "@medusajs/framework/utils"
import { proportionalShare, splitProportionally } from "../proportion"

describe("proportionalShare", () => {
  it("gives the share of the points that the part stands for, rounded down", () => {
    // 100 points spent on 3 items of 10 each; one is returned → 33.33… → 33.
    expect(proportionalShare(100, 10, 30)).toBe(33)
    expect(proportionalShare(100, 20, 30)).toBe(66)
  })

  it("works on money amounts with decimals, exactly", () => {
    expect(proportionalShare(500, "19.99", "39.98")).toBe(250)
    // In floats 3 × 0.3 / 0.9 is 0.9999999999999999 and 3 × 0.6 / 0.9 is 1.9999999999999998.
    expect(proportionalShare(3, new BigNumber("0.3"), "0.9")).toBe(1)
    expect(proportionalShare(3, 0.6, 0.9)).toBe(2)
  })

  it("is clamped to [0, total]", () => {
    expect(proportionalShare(100, 50, 30)).toBe(100)
    expect(proportionalShare(100, -10, 30)).toBe(0)
  })

  it("is 0 when the whole is not positive", () => {
    expect(proportionalShare(100, 10, 0)).toBe(0)
    expect(proportionalShare(100, 10, -5)).toBe(0)
  })

  it("handles MAX_POINTS without losing precision", () => {
    expect(proportionalShare(1_000_000_000, 1, 3)).toBe(333_333_333)
    expect(proportionalShare(1_000_000_000, "999999999.99", "1000000000")).toBe(999_999_999)
  })

  it.each([-1, 2.5])("refuses a total of %p", (total) => {
    expect(() => proportionalShare(total, 1, 2)).toThrow(RangeError)
  })
})

describe("splitProportionally", () => {
  it("gives the leftover points to the largest remainders", () => {
    // Exact shares 3.33…, 3.33…, 3.33… → the first wins the tie.
    expect(splitProportionally(10, [1, 1, 1])).toEqual([4, 3, 3])
    // Exact shares 1.5, 2.7, 5.8 → floors 1, 2, 5; the two points left go to .8 and .7.
    expect(splitProportionally(10, ["15", "27", "58"])).toEqual([1, 3, 6])
  })

  it("sums to the total with money weights", () => {
    const parts = splitProportionally(99, ["19.99", "0.01", "80"])
    expect(parts).toEqual([20, 0, 79])
  })

  it("gives nothing to a zero weight", () => {
    expect(splitProportionally(5, [0, 2, 0, 3])).toEqual([0, 2, 0, 3])
  })

  it("returns zeros for zero weights only when there is nothing to split", () => {
    expect(splitProportionally(0, [0, 0])).toEqual([0, 0])
    expect(splitProportionally(0, [])).toEqual([])
    expect(() => splitProportionally(3, [0, 0])).toThrow(RangeError)
    expect(() => splitProportionally(3, [])).toThrow(RangeError)
  })

  it("refuses negative weights and bad totals", () => {
    expect(() => splitProportionally(3, [1, -1, 1])).toThrow(RangeError)
    expect(() => splitProportionally(-3, [1])).toThrow(RangeError)
    expect(() => splitProportionally(1.5, [1])).toThrow(RangeError)
    expect(() => splitProportionally(1, [NaN])).toThrow(TypeError)
  })
})
