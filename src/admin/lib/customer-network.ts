/** What the customer page's Referrals block shows of a referral, as plain values. */

import type { ReferralStatus, SiteStatus as ReferralSiteStatus } from "./referral-queue"

// The statuses are the review queue's (src/admin/lib/referral-queue.ts), named once.
export type { ReferralStatus, ReferralSiteStatus }
export type ReferralSource = "code" | "coupon" | "site"
export type ReferralFlagReason = "same_device" | "velocity" | "large_order"

/** A shopper as GET /admin/customers/:id/loyalty/referrals names them. */
export type NetworkPerson = { first_name: string | null; last_name: string | null; email: string | null }

/**
 * How the admin names a shopper: their full name, else their e-mail, else null (a customer
 * gone since, whom the caller names by a fallback text).
 */
export function personName(person: NetworkPerson | null | undefined): string | null {
  if (!person) {
    return null
  }
  const name = [person.first_name, person.last_name]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(" ")
  return name || person.email?.trim() || null
}

/** The translation key of each status (Medusa's admin badges them). */
export const STATUS_KEYS = {
  bound: "loyalty.widget.referrals.status.bound",
  flagged: "loyalty.widget.referrals.status.flagged",
  rejected: "loyalty.widget.referrals.status.rejected",
  unbound: "loyalty.widget.referrals.status.unbound",
} as const satisfies Record<ReferralStatus, string>

/** A status's badge color: bound pays, flagged waits for the admin, the others pay nothing. */
export const STATUS_COLORS = {
  bound: "green",
  flagged: "orange",
  rejected: "red",
  unbound: "grey",
} as const satisfies Record<ReferralStatus, string>

export const SOURCE_KEYS = {
  code: "loyalty.widget.referrals.source.code",
  coupon: "loyalty.widget.referrals.source.coupon",
  site: "loyalty.widget.referrals.source.site",
} as const satisfies Record<ReferralSource, string>

export const FLAG_KEYS = {
  same_device: "loyalty.widget.referrals.flag.same_device",
  velocity: "loyalty.widget.referrals.flag.velocity",
  large_order: "loyalty.widget.referrals.flag.large_order",
} as const satisfies Record<ReferralFlagReason, string>

export const SITE_STATUS_KEYS = {
  pending: "loyalty.widget.referrals.site_status.pending",
  verified: "loyalty.widget.referrals.site_status.verified",
  approved: "loyalty.widget.referrals.site_status.approved",
  rejected: "loyalty.widget.referrals.site_status.rejected",
} as const satisfies Record<ReferralSiteStatus, string>

export const SITE_STATUS_COLORS = {
  pending: "grey",
  verified: "blue",
  approved: "green",
  rejected: "red",
} as const satisfies Record<ReferralSiteStatus, string>

/**
 * The key of why a referral was flagged; null when it was not, or for a reason this admin
 * does not know yet (a newer server): the status badge then says enough.
 */
export function flagReasonKey(reason: string | null | undefined): (typeof FLAG_KEYS)[ReferralFlagReason] | null {
  return reason && Object.prototype.hasOwnProperty.call(FLAG_KEYS, reason) ? FLAG_KEYS[reason as ReferralFlagReason] : null
}

/**
 * Whether the customer page shows the Referrals block: while the program runs referrals, or
 * when the customer has referrals from when it did (a referrer, invitees, sites).
 */
export function showsReferrals(network: {
  referrals_enabled: boolean
  referred_by: unknown | null
  count: number
  sites: unknown[]
}): boolean {
  return network.referrals_enabled || !!network.referred_by || network.count > 0 || network.sites.length > 0
}
