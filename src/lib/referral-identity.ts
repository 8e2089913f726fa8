/**
 * Whether a referee is the referrer under another account: the same mailbox
 * (written differently), the same phone, the same shipping address. Pure:
 * the workflow reads both parties' facts from Medusa and passes them in.
 */

/** An address as Medusa keeps it (customer address or order shipping address). */
export type AddressFacts = {
  address_1?: string | null
  postal_code?: string | null
  country_code?: string | null
}

/** What the checks compare of one shopper: e-mail, phones (customer and addresses), addresses (saved and shipped to). */
export type PartyFacts = {
  email: string | null
  phones: (string | null | undefined)[]
  addresses: AddressFacts[]
}

export type IdentityConflict = "same_email" | "same_phone" | "same_address"

// Providers that deliver local+tag@ to local@ (and, for Gmail, ignore dots).
const GMAIL = new Set(["gmail.com", "googlemail.com"])
const PLUS_TAGS = new Set([
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "fastmail.com",
  "fastmail.fm",
  "proton.me",
  "protonmail.com",
  "protonmail.ch",
  "pm.me",
])
// Yahoo's disposable addresses are base-keyword@, in every country's yahoo domain.
const YAHOO = /^yahoo\.[a-z.]+$|^ymail\.com$|^rocketmail\.com$/

/**
 * The mailbox an address reaches: lower case; for Gmail without dots and
 * `+tag` (googlemail.com is gmail.com); without `+tag` at Outlook, iCloud,
 * Fastmail and Proton; without `-tag` at Yahoo. Null when it is no address.
 */
export function normalizeEmail(email: string | null | undefined): string | null {
  const trimmed = email?.trim().toLowerCase()
  const at = trimmed?.lastIndexOf("@") ?? -1
  if (!trimmed || at < 1 || at === trimmed.length - 1) {
    return null
  }
  let local = trimmed.slice(0, at)
  let domain = trimmed.slice(at + 1)
  if (GMAIL.has(domain)) {
    local = local.split("+")[0].replace(/\./g, "")
    domain = "gmail.com"
  } else if (PLUS_TAGS.has(domain)) {
    local = local.split("+")[0]
  } else if (YAHOO.test(domain)) {
    local = local.split("-")[0]
  }
  return local ? `${local}@${domain}` : null
}

/** Digits only, without an international `00` prefix; null for fewer than 6 digits (no real number). */
export function normalizePhone(phone: string | null | undefined): string | null {
  const digits = (phone ?? "").replace(/\D/g, "").replace(/^00/, "")
  return digits.length >= 6 ? digits : null
}

/**
 * One key per place: the street line in lower case with punctuation and
 * spaces folded ("Main St. 5" = "main st 5"), the postal code without spaces
 * or dashes, the country. Null without a street line or a postal code.
 */
export function normalizeAddress(address: AddressFacts): string | null {
  const street = (address.address_1 ?? "").toLowerCase().normalize("NFKC").replace(/[^\p{L}\p{N}]+/gu, " ").trim()
  const postal = (address.postal_code ?? "").toUpperCase().replace(/[\s-]+/g, "")
  const country = (address.country_code ?? "").trim().toLowerCase()
  return street && postal ? `${country}|${postal}|${street}` : null
}

const keys = <T>(values: T[], normalize: (value: T) => string | null) =>
  new Set(values.map(normalize).filter((key): key is string => key !== null))

const overlaps = (a: Set<string>, b: Set<string>) => [...a].some((key) => b.has(key))

/** The first way the referee is the referrer again (e-mail, then phone, then address), or null. */
export function identityConflict(referee: PartyFacts, referrer: PartyFacts): IdentityConflict | null {
  const email = normalizeEmail(referee.email)
  if (email && email === normalizeEmail(referrer.email)) {
    return "same_email"
  }
  if (overlaps(keys(referee.phones, normalizePhone), keys(referrer.phones, normalizePhone))) {
    return "same_phone"
  }
  if (overlaps(keys(referee.addresses, normalizeAddress), keys(referrer.addresses, normalizeAddress))) {
    return "same_address"
  }
  return null
}
