import { createHash } from "node:crypto"

/**
 * The holdout group (issue 21): a share of new customers the program leaves
 * out, so the store can compare them with the customers it enrolled and see
 * what the program adds. Who is held out depends only on the customer id,
 * so the same customer always lands in the same group.
 */

/** The program's holdout: the share in percent (0–50, one decimal) and when it was switched on. */
export type HoldoutSetting = { percent: number; active_since: Date | null }

/** A customer's place in [0, 1000): stable, evenly spread, one decimal of a percent fine. */
export function holdoutBucket(customerId: string): number {
  const digest = createHash("sha256").update(`loyalty-holdout:${customerId}`).digest()
  return digest.readUInt32BE(0) % 1000
}

/**
 * The draw for a customer whose account is being created: true (held out),
 * false (enrolled, and part of the comparison), or null (not drawn: the
 * holdout is off, or the customer signed up before it was switched on —
 * existing customers are never taken out of the program).
 */
export function drawHoldout(customerId: string, setting: HoldoutSetting, signedUpAt: Date): boolean | null {
  if (!(setting.percent > 0) || !setting.active_since || signedUpAt.getTime() < setting.active_since.getTime()) {
    return null
  }
  // Whole tenths of a percent, so 12.5 % takes exactly buckets 0–124.
  return holdoutBucket(customerId) < Math.round(setting.percent * 10)
}
