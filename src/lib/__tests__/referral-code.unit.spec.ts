import {
  generateReferralCode,
  normalizeReferralCode,
  REFERRAL_ALPHABET,
  referralCodeName,
  maskedName,
  referralLink,
  vanityCodeError,
} from "../referral-code"

describe("referral codes", () => {
  it("are the first name in Latin capitals and four unambiguous characters", () => {
    expect(generateReferralCode("Anna")).toMatch(new RegExp(`^ANNA-[${REFERRAL_ALPHABET}]{4}$`))
    expect(referralCodeName("Анна-Мария")).toBe("ANNAMARI")
    expect(referralCodeName("Zoë")).toBe("ZOE")
    expect(referralCodeName("  ")).toBe("FRIEND")
    expect(referralCodeName("李")).toBe("FRIEND")
    expect(referralCodeName(null)).toBe("FRIEND")
    expect(generateReferralCode("Anna", 2)).toMatch(/^ANNA-[A-Z0-9]{6}$/)
  })

  it("never use characters people confuse", () => {
    for (const confusable of "0O1IL5S2Z8B") {
      expect(REFERRAL_ALPHABET).not.toContain(confusable)
    }
    const seen = new Set(Array.from({ length: 2000 }, () => generateReferralCode("Anna")))
    // 25^4 = 390 625 codes per name: 2000 draws repeat rarely (about five times).
    expect(seen.size).toBeGreaterThan(1980)
  })

  it("compare in upper case, trimmed", () => {
    expect(normalizeReferralCode("  anna-7k3q ")).toBe("ANNA-7K3Q")
  })

  it("may be chosen by the shopper within a plain shape", () => {
    expect(vanityCodeError("anna-2026")).toBeNull()
    expect(vanityCodeError("SUMMERSALE")).toBeNull()
    for (const bad of ["ABC", "-ANNA", "ANNA-", "AN--NA", "ANNA 2026", "ÄNNA", "A".repeat(21), "ANNA_1"]) {
      expect(vanityCodeError(bad)).toMatch(/A referral code is 4 to 20 letters/)
    }
  })

  it("make a link on the storefront's URL, keeping its path and query", () => {
    expect(referralLink("https://shop.example", "ANNA-7K3Q")).toBe("https://shop.example/?ref=ANNA-7K3Q")
    expect(referralLink("https://shop.example/de?utm=x", "ANNA-7K3Q")).toBe("https://shop.example/de?utm=x&ref=ANNA-7K3Q")
    expect(referralLink(null, "ANNA-7K3Q")).toBeNull()
    expect(referralLink("https://shop.example", null)).toBeNull()
  })

  it("show invitees to their referrer by initials only", () => {
    expect(maskedName("Nina", "Schmidt")).toBe("N*** S.")
    expect(maskedName("анна", null)).toBe("А***")
    expect(maskedName(null, "  ")).toBe("A friend")
  })
})
