import { createHmac } from "crypto"

/**
 * A keyed hash of something about a visitor (their IP address, their user
 * agent): equal values give equal hashes, so two requests can be compared,
 * but the raw value is never stored and cannot be recovered without the key
 * (an unkeyed hash of an IPv4 address is reversed by trying all 2^32).
 * `purpose` separates the hashes of different fields under one key.
 */
export function visitorHash(key: string, purpose: "ip" | "user_agent", value: string | null | undefined): string | null {
  if (!value) {
    return null
  }
  return createHmac("sha256", key).update(`medusa-loyalty:${purpose}:${value}`).digest("hex")
}
