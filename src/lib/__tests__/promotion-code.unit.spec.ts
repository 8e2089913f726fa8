import { newPointsPromotionCode } from "../promotion-code"

describe("newPointsPromotionCode", () => {
  it("is POINTS- and eight characters of Crockford's base 32, with no I, L, O or U", () => {
    for (let i = 0; i < 500; i++) {
      expect(newPointsPromotionCode()).toMatch(/^POINTS-[0-9A-HJKMNP-TV-Z]{8}$/)
    }
  })

  it("names no cart and repeats no code in ten thousand draws", () => {
    const codes = new Set(Array.from({ length: 10_000 }, newPointsPromotionCode))
    expect(codes.size).toBe(10_000)
  })
})
