import { randomBytes } from "crypto"

/**
 * Referring sites: a referrer proves a site is theirs by putting a token on
 * it, and visits that arrive from it are bound to them. These are the rules
 * of plain values: what an origin is, where the token goes, whether a page
 * carries it, which external source a visit came from.
 */

export const WELL_KNOWN_PATH = "/.well-known/medusa-loyalty.txt"
export const META_NAME = "medusa-loyalty-verification"
export const MAX_ORIGIN_LENGTH = 2000
/** How long a visit binds: a visit id a storefront kept longer than this is ignored. */
export const VISIT_BINDS_FOR_DAYS = 30

/** `https://host[:port]` of what a shopper typed, or why it is not a site's address. */
export function normalizeSiteOrigin(
  input: string,
  { allowHttp = false }: { allowHttp?: boolean } = {}
): { origin: string; error?: never } | { error: string; origin?: never } {
  const typed = input.trim()
  if (!typed || typed.length > MAX_ORIGIN_LENGTH) {
    return { error: `origin: a site's address, such as https://blog.example.com, of at most ${MAX_ORIGIN_LENGTH} characters` }
  }
  // "blog.example.com" is taken as https://blog.example.com.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `https://${typed}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    return { error: `origin: "${typed}" is not a web address, such as https://blog.example.com` }
  }
  const schemes = allowHttp ? ["https:", "http:"] : ["https:"]
  if (!schemes.includes(url.protocol)) {
    return { error: `origin: a referring site must be served over https (got ${url.protocol.replace(":", "")})` }
  }
  if (url.username || url.password) {
    return { error: "origin: a site's address has no user name or password in it" }
  }
  const host = url.hostname.replace(/\.$/, "")
  if (!host || (!host.includes(".") && !host.startsWith("[") && !allowHttp)) {
    return { error: `origin: "${typed}" has no domain name, such as blog.example.com` }
  }
  return { origin: `${url.protocol}//${host}${url.port ? `:${url.port}` : ""}` }
}

/** The origin of a page a visitor came from (document.referrer), any scheme a browser sends; null for none. */
export function referrerOrigin(referrer: string | null | undefined): string | null {
  if (!referrer) {
    return null
  }
  try {
    const url = new URL(referrer)
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      return null
    }
    return `${url.protocol}//${url.hostname.replace(/\.$/, "")}${url.port ? `:${url.port}` : ""}`
  } catch {
    return null
  }
}

/** A new verification token: 128 random bits, readable in a text file or an attribute. */
export function generateSiteToken(): string {
  return `mlv-${randomBytes(16).toString("hex")}`
}

export const wellKnownUrl = (origin: string) => `${origin}${WELL_KNOWN_PATH}`

/** What the shopper is told to do with their token. */
export function siteInstructions(origin: string, token: string) {
  return {
    file: { url: wellKnownUrl(origin), content: token },
    meta: { url: `${origin}/`, tag: `<meta name="${META_NAME}" content="${token}">` },
    text:
      `Put a file at ${wellKnownUrl(origin)} containing ${token}, ` +
      `or add <meta name="${META_NAME}" content="${token}"> to the <head> of ${origin}/, then ask for the check.`,
  }
}

/** Whether the well-known file holds the token: on a line of its own (spaces and a BOM aside). */
export function fileHasToken(body: string, token: string): boolean {
  return body
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .some((line) => line.trim() === token)
}

/** Whether an HTML page has `<meta name="medusa-loyalty-verification" content="TOKEN">`, attributes in any order. */
export function pageHasToken(html: string, token: string): boolean {
  for (const [tag] of html.matchAll(/<meta\b[^>]*>/gi)) {
    const attributes = new Map<string, string>()
    for (const match of tag.matchAll(/([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi)) {
      attributes.set(match[1].toLowerCase(), (match[2] ?? match[3] ?? match[4]).trim())
    }
    if (attributes.get("name")?.toLowerCase() === META_NAME && attributes.get("content") === token) {
      return true
    }
  }
  return false
}

export type ExternalSource = { utm_source: string | null; origin: string | null; points: number; expiry_days: number | null }

/**
 * The configured source a visit came from: the first whose utm_source is the
 * visit's (any case) or whose origin is the one it was referred from.
 */
export function matchExternalSource<S extends ExternalSource>(
  sources: S[],
  visit: { utm_source: string | null; referrer_origin: string | null }
): S | null {
  const utm = visit.utm_source?.trim().toLowerCase() || null
  return (
    sources.find(
      (source) =>
        (utm !== null && source.utm_source?.trim().toLowerCase() === utm) ||
        (visit.referrer_origin !== null && source.origin !== null && referrerOrigin(source.origin) === visit.referrer_origin)
    ) ?? null
  )
}

/** An external source's bonus is granted once per shopper, whichever source and however often they arrive. */
export const externalSourceBonusKey = (accountId: string) => `external-source:${accountId}`
