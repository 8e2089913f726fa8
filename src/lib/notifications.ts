import { BigNumber } from "@medusajs/framework/utils"
import { NOTIFIED_EVENTS, type NotifiedEvent } from "./notified-events"
import { pointsValue } from "./points"

export { NOTIFIED_EVENTS, type NotifiedEvent }

/** The locales the plugin's own templates are written in. */
export type TemplateLocale = "en" | "ru"

/** What a shopper's notification carries: the same keys for every event, null where it has none. */
export type NotificationData = {
  event: NotifiedEvent
  first_name: string | null
  /** The event's points. */
  points: number
  /** The shopper's balance: the event's (after it) when it has one, the account's otherwise. */
  balance: number
  /** The currency the money values are in; null when the program gives points no value. */
  currency_code: string | null
  /** The money value of one point, of `points` and of `balance`, formatted (`€0.01`). */
  point_value: string | null
  points_value: string | null
  balance_value: string | null
  /** The order the points came from, when it is the shopper's own. */
  order_display_id: number | null
  /** ISO dates: when pending points become available, and when (the first of) the points expire. */
  available_at: string | null
  expires_at: string | null
  status: string | null
  /** points_expiring: `expiry` or `inactivity`. */
  reason: string | null
  /** bonus_granted: which bonus (`welcome_bonus`, …). */
  bonus: string | null
  /** tier_changed: the tiers' names. */
  tier: string | null
  from_tier: string | null
  next_tier: string | null
  points_to_next_tier: number | null
  /** referral_rewarded: `referrer` or `referee`. */
  party: string | null
  /** winback: the bonus credited with it (null: none) and the quiet period in days. */
  bonus_points: number | null
  winback_days: number | null
}

/** What the data is built from besides the event: read by the sender, passed as plain values. */
export type NotificationFacts = {
  first_name: string | null
  /** The account's balance now, for events that do not carry one. */
  balance: number
  /** The program's point_values. */
  point_values: Record<string, number>
  /** The order's currency and display id (null: no order, or not the shopper's). */
  order: { currency_code: string; display_id: number } | null
  /** The store's default currency, for events without an order. */
  default_currency_code: string | null
  locale: TemplateLocale
}

/** The currency money values are shown in: the order's, else the store's default, else the first with a point value. */
export function notificationCurrency(facts: Pick<NotificationFacts, "point_values" | "order" | "default_currency_code">): string | null {
  const priced = (code: string | null | undefined) => (code && facts.point_values[code.toLowerCase()] ? code.toLowerCase() : null)
  return priced(facts.order?.currency_code) ?? priced(facts.default_currency_code) ?? Object.keys(facts.point_values).sort()[0] ?? null
}

/** An amount of money as the shopper reads it, in their locale (`€5.00`, `5,00 €`). */
export function formatMoney(amount: BigNumber, currencyCode: string, locale: TemplateLocale): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode.toUpperCase(), maximumFractionDigits: 4 }).format(
    amount.numeric
  )
}

const text = (value: unknown): string | null => (typeof value === "string" ? value : null)
const count = (value: unknown): number | null => (typeof value === "number" ? value : null)
const named = (value: unknown): string | null => text((value as { name?: unknown } | null)?.name)

/** The data one event's notification carries, from the event's data and the facts read for it. */
export function notificationData(event: NotifiedEvent, data: Record<string, any>, facts: NotificationFacts): NotificationData {
  const points = count(data.points) ?? 0
  const balance = count(data.balance) ?? facts.balance
  const currency = notificationCurrency(facts)
  const money = (value: number) => (currency ? formatMoney(pointsValue(value, facts.point_values[currency]), currency, facts.locale) : null)
  return {
    event,
    first_name: facts.first_name || null,
    points,
    balance,
    currency_code: currency,
    point_value: money(1),
    points_value: money(points),
    balance_value: money(balance),
    order_display_id: facts.order?.display_id ?? null,
    available_at: text(data.available_at),
    expires_at: text(data.expires_at),
    status: text(data.status),
    reason: text(data.reason),
    bonus: text(data.bonus),
    tier: named(data.tier),
    from_tier: named(data.from_tier),
    next_tier: named(data.next_tier),
    points_to_next_tier: count(data.next_tier?.points_to_next),
    party: text(data.party),
    bonus_points: count(data.bonus_points),
    winback_days: count(data.winback_days),
  }
}

/** The key that makes a repeated event send nothing: one per event (the outbox's event_id). */
export const notificationKey = (event: NotifiedEvent, eventId: string) => `loyalty-${event.replace(/_/g, "-")}:${eventId}`
