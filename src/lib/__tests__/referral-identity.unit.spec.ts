import { isDisposableEmail } from "../disposable-email"
import { identityConflict, normalizeAddress, normalizeEmail, normalizePhone, type PartyFacts } from "../referral-identity"
import { deviceHash, ipHash } from "../shopper-fingerprint"

describe("normalizeEmail", () => {
  it.each([
    [" Anna.Smith+shop@GMail.com ", "annasmith@gmail.com"],
    ["a.n.n.a@googlemail.com", "anna@gmail.com"],
    ["anna+x@outlook.com", "anna@outlook.com"],
    ["anna+x@hotmail.com", "anna@hotmail.com"],
    ["anna+x@live.com", "anna@live.com"],
    ["anna+x@icloud.com", "anna@icloud.com"],
    ["anna+x@fastmail.com", "anna@fastmail.com"],
    ["anna+x@proton.me", "anna@proton.me"],
    ["anna+x@protonmail.com", "anna@protonmail.com"],
    ["anna-shop@yahoo.com", "anna@yahoo.com"],
    ["anna-shop@yahoo.co.uk", "anna@yahoo.co.uk"],
  ])("%s reaches %s", (email, mailbox) => {
    expect(normalizeEmail(email)).toBe(mailbox)
  })

  it("keeps dots and tags where the provider does not drop them", () => {
    expect(normalizeEmail("a.nna+x@example.com")).toBe("a.nna+x@example.com")
    expect(normalizeEmail("a.nna@outlook.com")).toBe("a.nna@outlook.com")
    expect(normalizeEmail("anna-x@gmail.com")).toBe("anna-x@gmail.com")
    expect(normalizeEmail("anna+x@yahoo.com")).toBe("anna+x@yahoo.com")
  })

  it("gives null for what is no address", () => {
    for (const email of [null, undefined, "", "anna", "@gmail.com", "anna@", "+tag@gmail.com"]) {
      expect(normalizeEmail(email)).toBeNull()
    }
  })
})

describe("normalizePhone and normalizeAddress", () => {
  it("compares phones by their digits, without the 00 prefix", () => {
    expect(normalizePhone("+49 (170) 123-4567")).toBe("491701234567")
    expect(normalizePhone("0049 170 1234567")).toBe("491701234567")
    expect(normalizePhone("12-34")).toBeNull()
    expect(normalizePhone(null)).toBeNull()
  })

  it("folds case, punctuation and spaces of the street, spaces of the postal code", () => {
    const a = normalizeAddress({ address_1: " Main St. 5 ", postal_code: "sw1a 1aa", country_code: "GB" })
    const b = normalizeAddress({ address_1: "main st 5", postal_code: "SW1A1AA", country_code: "gb" })
    expect(a).toBe("gb|SW1A1AA|main st 5")
    expect(a).toBe(b)
    expect(normalizeAddress({ address_1: "Main St 5", postal_code: "SW1A1AA", country_code: "us" })).not.toBe(a)
    expect(normalizeAddress({ address_1: "Main St 5", postal_code: null, country_code: "gb" })).toBeNull()
    expect(normalizeAddress({ address_1: " , ", postal_code: "1", country_code: "gb" })).toBeNull()
  })
})

describe("identityConflict", () => {
  const anna: PartyFacts = {
    email: "anna.smith@gmail.com",
    phones: ["+49 170 1234567", null],
    addresses: [{ address_1: "Hauptstr. 1", postal_code: "10115", country_code: "de" }],
  }
  const stranger: PartyFacts = { email: "ben@example.com", phones: ["+49 170 7654321"], addresses: [{ address_1: "Ring 2", postal_code: "10115", country_code: "de" }] }

  it("finds the same mailbox, phone or address, in that order", () => {
    expect(identityConflict({ ...stranger, email: "annasmith+2@googlemail.com" }, anna)).toBe("same_email")
    expect(identityConflict({ ...stranger, phones: ["0049 170 123 45 67"] }, anna)).toBe("same_phone")
    expect(identityConflict({ ...stranger, addresses: [{ address_1: "hauptstr 1", postal_code: "10 115", country_code: "DE" }] }, anna)).toBe("same_address")
  })

  it("finds none between strangers, nor between empty facts", () => {
    expect(identityConflict(stranger, anna)).toBeNull()
    expect(identityConflict({ email: null, phones: [], addresses: [] }, { email: null, phones: [null], addresses: [{}] })).toBeNull()
  })
})

describe("isDisposableEmail", () => {
  it("knows the listed throwaway domains and their subdomains, case aside", () => {
    expect(isDisposableEmail("x@mailinator.com")).toBe(true)
    expect(isDisposableEmail("x@YOPMAIL.com")).toBe(true)
    // 33m.co is a wildcard entry: every subdomain is disposable too.
    expect(isDisposableEmail("x@inbox.33m.co")).toBe(true)
  })

  it("lets permanent providers and non-addresses through", () => {
    expect(isDisposableEmail("x@gmail.com")).toBe(false)
    expect(isDisposableEmail("x@example.org")).toBe(false)
    expect(isDisposableEmail("mailinator.com")).toBe(false)
    expect(isDisposableEmail(null)).toBe(false)
  })
})

describe("shopper fingerprints", () => {
  it("are keyed hashes: the same input and key match, another key or input does not, and no IP shows", () => {
    expect(deviceHash("k", "10.0.0.1", "Firefox")).toBe(deviceHash("k", "10.0.0.1", "Firefox"))
    expect(deviceHash("k", "10.0.0.1", "Firefox")).not.toBe(deviceHash("k", "10.0.0.1", "Chrome"))
    expect(deviceHash("k", "10.0.0.1", "Firefox")).not.toBe(deviceHash("other", "10.0.0.1", "Firefox"))
    expect(ipHash("k", "10.0.0.1")).not.toBe(deviceHash("k", "10.0.0.1", ""))
    expect(ipHash("k", "10.0.0.1")).not.toMatch(/10\.0\.0\.1/)
    expect(ipHash("k", null)).toBeNull()
    expect(deviceHash("k", undefined, "Firefox")).toBeNull()
  })
})
