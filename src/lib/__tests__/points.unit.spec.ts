import { BigNumber, MathBN } from "@medusajs/framework/utils"
import {
  earnPoints,
  isValidPoints,
  MAX_POINTS,
  percentOf,
  pointsForAmount,
  pointsValue,
} from "../points"

describe("isValidPoints", () => {
  it("accepts positive whole numbers up to MAX_POINTS", () => {
    expect(isValidPoints(1)).toBe(true)
    expect(isValidPoints(MAX_POINTS)).toBe(true)
  })

  it.each([0, -1, 1.5, MAX_POINTS + 1, Number.NaN, Infinity, "10", null, undefined, 10n])(
    "refuses %p",
    (points) => {
      expect(isValidPoints(points)).toBe(false)
    }
  )
})

describe("earnPoints", () => {
  it("gives 500 points for 10 000 RUB at 5 % when a point is worth 1 RUB", () => {
    expect(earnPoints({ eligibleAmount: 10000, earnPercent: 5, pointValue: 1 })).toBe(500)
  })

  it("rounds 99.95 points down to 99 for 19.99 EUR at 5 % with a point worth 0.01", () => {
    expect(earnPoints({ eligibleAmount: 19.99, earnPercent: 5, pointValue: 0.01 })).toBe(99)
  })

  it("is exact where float arithmetic would lose a point (1.15 × 100 = 114.999… in floats)", () => {
    expect(earnPoints({ eligibleAmount: 1.15, earnPercent: 100, pointValue: 0.01 })).toBe(115)
  })

  it("never rounds up, even a hair below a whole point", () => {
    const amount = "0.99999999999999999999999999"
    expect(earnPoints({ eligibleAmount: amount, earnPercent: 100, pointValue: 1 })).toBe(0)
  })

  it("accepts Medusa BigNumbers and raw values", () => {
    const amount = new BigNumber("250.50")
    const percent = { value: "2.5", precision: 20 }
    expect(earnPoints({ eligibleAmount: amount, earnPercent: percent, pointValue: "0.1" })).toBe(62)
  })

  it.each([
    [0, 5, 1],
    [-100, 5, 1],
    [100, 0, 1],
    [100, -5, 1],
    [100, 5, 0],
    [100, 5, -1],
  ])("gives 0 for amount %p, percent %p, point value %p", (amount, percent, value) => {
    expect(earnPoints({ eligibleAmount: amount, earnPercent: percent, pointValue: value })).toBe(0)
  })

  it("refuses NaN and Infinity instead of reading them as 0", () => {
    expect(() => earnPoints({ eligibleAmount: NaN, earnPercent: 5, pointValue: 1 })).toThrow(TypeError)
    expect(() => earnPoints({ eligibleAmount: 1, earnPercent: 5, pointValue: "abc" })).toThrow(TypeError)
    expect(() => earnPoints({ eligibleAmount: Infinity, earnPercent: 5, pointValue: 1 })).toThrow(TypeError)
  })

  it("refuses a result beyond a safe integer rather than returning an inexact number", () => {
    expect(() => earnPoints({ eligibleAmount: "1e20", earnPercent: 100, pointValue: 1 })).toThrow(RangeError)
  })
})

describe("pointsValue", () => {
  it("is points × point value, exactly", () => {
    expect(MathBN.eq(pointsValue(99, "0.01"), "0.99")).toBe(true)
    expect(pointsValue(3, 0.1).toJSON()).toBe(0.3) // 3 × 0.1 is 0.30000000000000004 in floats
  })

  it("keeps every digit in the raw value, beyond Medusa's default 20", () => {
    const value = pointsValue(MAX_POINTS, "0.012345678901234567891234")
    expect(value.raw?.value).toBe("12345678.901234567891234")
    expect(MathBN.eq(value, "12345678.901234567891234")).toBe(true)
  })

  it("refuses fractional points", () => {
    expect(() => pointsValue(1.5, 1)).toThrow(RangeError)
  })
})

describe("pointsForAmount", () => {
  it("gives the most points whose value fits in the amount", () => {
    expect(pointsForAmount(100, 1)).toBe(100)
    expect(pointsForAmount("0.3", "0.1")).toBe(3) // 0.3 / 0.1 is 2.9999999999999996 in floats
    expect(pointsForAmount("12.345", "0.01")).toBe(1234)
  })

  it("never gives points worth more than the amount", () => {
    const amount = "0.0299999999999999999999999"
    expect(pointsForAmount(amount, "0.01")).toBe(2)
    expect(MathBN.lte(pointsValue(2, "0.01"), amount)).toBe(true)
  })

  it.each([
    [0, 1],
    [-5, 1],
    [5, 0],
    [5, -1],
  ])("gives 0 for amount %p and point value %p", (amount, value) => {
    expect(pointsForAmount(amount, value)).toBe(0)
  })
})

describe("percentOf", () => {
  it("is exact", () => {
    expect(MathBN.eq(percentOf(19.99, 5), "0.9995")).toBe(true)
    expect(percentOf("100", "30").toJSON()).toBe(30)
    expect(MathBN.eq(percentOf("0.07", 33), "0.0231")).toBe(true)
    expect(MathBN.eq(percentOf("1e-30", 1), "1e-32")).toBe(true)
  })

  it("keeps the sign of a negative amount", () => {
    expect(percentOf(-200, 10).toJSON()).toBe(-20)
  })
})
