/**
 * The shopper-facing events a store can turn into notifications (the keys of
 * the `notifications` setting: the event name without `loyalty.`). Plain values only: the
 * admin's settings form imports it too.
 */
export const NOTIFIED_EVENTS = [
  "points_earned",
  "points_available",
  "points_expiring",
  "points_expired",
  "bonus_granted",
  "tier_changed",
  "referral_rewarded",
  "winback",
] as const

export type NotifiedEvent = (typeof NOTIFIED_EVENTS)[number]
