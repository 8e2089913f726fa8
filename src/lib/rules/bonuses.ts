import { MAX_POINTS } from "../points"

const DAY = 24 * 60 * 60 * 1000

/**
 * A bonus of the program (welcome_bonus, birthday_bonus, newsletter_bonus,
 * order_bonus): its points and how long they last (0: never expire; null:
 * the program's expiry_days). The whole setting is null when the bonus is off.
 */
export type BonusSetting = { points: number; expiry_days: number | null } | null

export const BONUS_NAMES = ["welcome_bonus", "birthday_bonus", "newsletter_bonus", "order_bonus"] as const

export type BonusName = (typeof BONUS_NAMES)[number]

/** The lot a bonus credits now, or null when the bonus is off. */
export function bonusGrant(
  setting: BonusSetting | undefined,
  now: Date,
  programExpiryDays: number
): { points: number; expires_at: Date | null } | null {
  if (!setting || setting.points <= 0) {
    return null
  }
  const days = setting.expiry_days ?? programExpiryDays
  return { points: setting.points, expires_at: days > 0 ? new Date(now.getTime() + days * DAY) : null }
}

/**
 * Idempotency keys of the bonuses: each is granted once per account (per
 * order for order_bonus), however often its event arrives. The birthday key
 * is in birthday.ts, one per year.
 */
export const welcomeBonusKey = (accountId: string) => `welcome:${accountId}`
export const newsletterBonusKey = (accountId: string) => `newsletter:${accountId}`
export const orderBonusKey = (orderId: string) => `order-bonus:${orderId}`
/** The win-back bonus: once per account and quiet period (which starts at the last order). */
export const winbackBonusKey = (accountId: string, quietSince: Date) => `winback:${accountId}:${quietSince.toISOString()}`

/**
 * The newsletter bonus is for opting in: due when the shopper opts in and was
 * not subscribed. Its key is one per account, so unsubscribing and opting in
 * again earns nothing more: only the first opt-in pays.
 */
export function newsletterBonusDue(wasOptedIn: boolean | null | undefined, optIn: boolean | null | undefined): boolean {
  return optIn === true && wasOptedIn !== true
}

/** Why a bonus setting cannot be saved, naming the field; null when it can. */
export function bonusSettingError(name: BonusName, setting: BonusSetting | undefined): string | null {
  if (setting === null || setting === undefined) {
    return null
  }
  if (!Number.isSafeInteger(setting.points) || setting.points < 1 || setting.points > MAX_POINTS) {
    return `${name}.points: must be a whole number of points from 1 to ${MAX_POINTS}, or the bonus null to switch it off, got ${setting.points}`
  }
  const days = setting.expiry_days
  if (days !== null && (!Number.isSafeInteger(days) || days < 0)) {
    return `${name}.expiry_days: must be a whole number of days (0: never expire) or null for the program's expiry_days, got ${days}`
  }
  return null
}
