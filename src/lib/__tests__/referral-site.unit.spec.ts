import {
  externalSourceBonusKey,
  fileHasToken,
  generateSiteToken,
  matchExternalSource,
  normalizeSiteOrigin,
  pageHasToken,
  referrerOrigin,
  siteInstructions,
} from "../referral-site"

describe("normalizeSiteOrigin", () => {
  it.each([
    ["https://Blog.Example.com", "https://blog.example.com"],
    ["blog.example.com", "https://blog.example.com"],
    ["  https://blog.example.com/some/page?x=1#top ", "https://blog.example.com"],
    ["https://blog.example.com:443/", "https://blog.example.com"],
    ["https://blog.example.com:8443", "https://blog.example.com:8443"],
    ["https://blog.example.com.", "https://blog.example.com"],
    ["https://bücher.example", "https://xn--bcher-kva.example"],
    ["HTTPS://EXAMPLE.COM", "https://example.com"],
  ])("%s is %s", (typed, origin) => {
    expect(normalizeSiteOrigin(typed)).toEqual({ origin })
  })

  it.each([
    ["", /at most 2000/],
    ["   ", /at most 2000/],
    ["x".repeat(2001), /at most 2000/],
    ["http://blog.example.com", /must be served over https \(got http\)/],
    ["ftp://blog.example.com", /https \(got ftp\)/],
    ["javascript://alert(1)", /https/],
    ["https://user:secret@blog.example.com", /no user name or password/],
    ["https://localhost", /no domain name/],
    ["https://exa mple.com", /not a web address/],
    ["https://", /not a web address/],
  ])("refuses %s", (typed, message) => {
    const result = normalizeSiteOrigin(typed)
    expect(result.origin).toBeUndefined()
    expect(result.error).toMatch(message)
  })

  it("takes http and bare hosts only when allowed (tests, local development)", () => {
    expect(normalizeSiteOrigin("http://127.0.0.1:4567/x", { allowHttp: true })).toEqual({ origin: "http://127.0.0.1:4567" })
    expect(normalizeSiteOrigin("http://localhost:4567", { allowHttp: true })).toEqual({ origin: "http://localhost:4567" })
    expect(normalizeSiteOrigin("http://127.0.0.1:4567").error).toMatch(/https/)
    expect(normalizeSiteOrigin("ftp://127.0.0.1", { allowHttp: true }).error).toMatch(/https/)
  })

  it("writes IP addresses the way the URL standard does, so another spelling is the same origin", () => {
    expect(normalizeSiteOrigin("https://2130706433")).toEqual({ origin: "https://127.0.0.1" })
    expect(normalizeSiteOrigin("https://[::1]:8443")).toEqual({ origin: "https://[::1]:8443" })
  })
})

describe("referrerOrigin", () => {
  it("is the origin of the page the visitor came from, any web scheme", () => {
    expect(referrerOrigin("https://Blog.Example.com/post/1?utm=x")).toBe("https://blog.example.com")
    expect(referrerOrigin("http://blog.example.com:8080/")).toBe("http://blog.example.com:8080")
    expect(referrerOrigin("")).toBeNull()
    expect(referrerOrigin(null)).toBeNull()
    expect(referrerOrigin("not a url")).toBeNull()
    expect(referrerOrigin("android-app://com.example")).toBeNull()
  })
})

describe("the token", () => {
  const token = generateSiteToken()

  it("is long and random", () => {
    expect(token).toMatch(/^mlv-[0-9a-f]{32}$/)
    expect(generateSiteToken()).not.toBe(token)
  })

  it("is found in the well-known file on a line of its own", () => {
    expect(fileHasToken(token, token)).toBe(true)
    expect(fileHasToken(`\uFEFF  ${token}  \r\n`, token)).toBe(true)
    expect(fileHasToken(`# medusa-loyalty\n${token}\n`, token)).toBe(true)
    expect(fileHasToken(`x${token}`, token)).toBe(false)
    expect(fileHasToken(token.slice(0, -1), token)).toBe(false)
    expect(fileHasToken("", token)).toBe(false)
  })

  it("is found in the home page's meta tag, attributes in any order and either quotes", () => {
    expect(pageHasToken(`<head><meta name="medusa-loyalty-verification" content="${token}"></head>`, token)).toBe(true)
    expect(pageHasToken(`<META CONTENT='${token}' NAME='Medusa-Loyalty-Verification' />`, token)).toBe(true)
    expect(pageHasToken(`<meta name=medusa-loyalty-verification content=${token}>`, token)).toBe(true)
    expect(pageHasToken(`<meta name="description" content="${token}">`, token)).toBe(false)
    expect(pageHasToken(`<p>medusa-loyalty-verification ${token}</p>`, token)).toBe(false)
    expect(pageHasToken(`<meta name="medusa-loyalty-verification" content="mlv-other">`, token)).toBe(false)
  })

  it("comes with instructions naming both places", () => {
    const instructions = siteInstructions("https://blog.example.com", token)
    expect(instructions.file).toEqual({ url: "https://blog.example.com/.well-known/medusa-loyalty.txt", content: token })
    expect(instructions.meta.tag).toBe(`<meta name="medusa-loyalty-verification" content="${token}">`)
    expect(instructions.text).toContain("https://blog.example.com/.well-known/medusa-loyalty.txt")
  })
})

describe("matchExternalSource", () => {
  const partner = { utm_source: "Partner", origin: null, points: 50, expiry_days: null }
  const magazine = { utm_source: null, origin: "https://Magazine.example/articles", points: 80, expiry_days: 10 }

  it("matches the UTM source in any case, or the referring origin", () => {
    expect(matchExternalSource([partner, magazine], { utm_source: "partner", referrer_origin: null })).toBe(partner)
    expect(matchExternalSource([partner, magazine], { utm_source: " PARTNER ", referrer_origin: null })).toBe(partner)
    expect(matchExternalSource([partner, magazine], { utm_source: null, referrer_origin: "https://magazine.example" })).toBe(magazine)
    expect(matchExternalSource([partner, magazine], { utm_source: "other", referrer_origin: "https://other.example" })).toBeNull()
    expect(matchExternalSource([partner, magazine], { utm_source: null, referrer_origin: null })).toBeNull()
    expect(matchExternalSource([], { utm_source: "partner", referrer_origin: null })).toBeNull()
  })

  it("takes the first source that matches", () => {
    expect(matchExternalSource([magazine, partner], { utm_source: "partner", referrer_origin: "https://magazine.example" })).toBe(magazine)
  })

  it("keys the bonus once per shopper", () => {
    expect(externalSourceBonusKey("lyacc_1")).toBe("external-source:lyacc_1")
  })
})
