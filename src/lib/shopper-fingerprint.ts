import { createHmac } from "crypto"

/**
 * Keyed hashes of what a request tells about the shopper's device, so the
 * plugin can compare devices without ever storing an IP address: HMAC-SHA256
 * under the app's secret (a hash without a key could be reversed by hashing
 * every IPv4 address).
 */
const hash = (secret: string, purpose: string, value: string) =>
  createHmac("sha256", secret).update(`medusa-loyalty:${purpose}\n${value}`).digest("hex").slice(0, 40)

/** The IP address alone: who is guessing referral codes, across shoppers. */
export function ipHash(secret: string, ip: string | null | undefined): string | null {
  return ip ? hash(secret, "ip", ip) : null
}

/** The IP address and user agent together: the same browser on the same network. */
export function deviceHash(secret: string, ip: string | null | undefined, userAgent: string | null | undefined): string | null {
  return ip ? hash(secret, "device", `${ip}\n${userAgent ?? ""}`) : null
}
