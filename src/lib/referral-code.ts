import { randomInt } from "crypto"
import slugify from "slugify"

/**
 * Referral codes: `ANNA-7K3Q`, the shopper's first name and four characters a
 * person reads and types without doubt (no 0/O, 1/I/L, 5/S, 2/Z, 8/B), drawn
 * from a cryptographic source so a code cannot be guessed from another.
 */
export const REFERRAL_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
const SUFFIX_LENGTH = 4
const NAME_LENGTH = 8
/** When a shopper has no usable first name. */
const NO_NAME = "FRIEND"

export const VANITY_CODE_RULE =
  "4 to 20 letters (A–Z) and digits, in groups joined by single hyphens, such as ANNA-2026 or SUMMERSALE"
const VANITY_CODE = /^[A-Z0-9]+(-[A-Z0-9]+)*$/

/** The name part: the first name in Latin capitals (Анна → ANNA, Zoë → ZOE), at most 8 letters. */
export function referralCodeName(firstName: string | null | undefined): string {
  const latin = slugify(firstName ?? "", { strict: true, replacement: "" }).toUpperCase()
  const letters = latin.replace(/[^A-Z]/g, "").slice(0, NAME_LENGTH)
  return letters.length >= 2 ? letters : NO_NAME
}

/** A new code for a shopper; `extra` lengthens the random part (after repeated collisions). */
export function generateReferralCode(firstName: string | null | undefined, extra = 0): string {
  let suffix = ""
  for (let i = 0; i < SUFFIX_LENGTH + extra; i++) {
    suffix += REFERRAL_ALPHABET[randomInt(REFERRAL_ALPHABET.length)]
  }
  return `${referralCodeName(firstName)}-${suffix}`
}

/** How codes are compared and stored: trimmed, upper case. */
export function normalizeReferralCode(code: string): string {
  return code.trim().toUpperCase()
}

/** Whether `code` could be anyone's code at all (drawn or chosen), before looking it up. */
export function looksLikeReferralCode(code: string): boolean {
  const normalized = normalizeReferralCode(code)
  return normalized.length <= 20 && VANITY_CODE.test(normalized)
}

/** Why a code a shopper chose cannot be theirs, or null. */
export function vanityCodeError(code: string): string | null {
  const normalized = normalizeReferralCode(code)
  const length = normalized.replace(/-/g, "").length
  if (length < 4 || normalized.length > 20 || !VANITY_CODE.test(normalized)) {
    return `A referral code is ${VANITY_CODE_RULE}.`
  }
  return null
}

/** The shopper's link: the storefront's URL with `ref=CODE`, keeping its own path and query. */
export function referralLink(storefrontUrl: string | null | undefined, code: string | null): string | null {
  if (!storefrontUrl || !code) {
    return null
  }
  const url = new URL(storefrontUrl)
  url.searchParams.set("ref", code)
  return url.toString()
}

/**
 * How a referrer sees an invitee: the first letter of each name ("Nina
 * Schmidt" → "N*** S."), never the e-mail; "A friend" without names.
 */
export function maskedName(firstName: string | null | undefined, lastName: string | null | undefined): string {
  const first = firstName?.trim()
  const last = lastName?.trim()
  if (!first && !last) {
    return "A friend"
  }
  return [first ? `${[...first][0].toUpperCase()}***` : null, last ? `${[...last][0].toUpperCase()}.` : null].filter(Boolean).join(" ")
}
