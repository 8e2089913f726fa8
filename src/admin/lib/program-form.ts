import type { ProgramSettings } from "../hooks/program"
import { type MessageSettings, type MessagesForm, toMessagesBody, toMessagesForm } from "./notification-form"
import { type ReferralForm, type ReferralSettings, toReferralBody, toReferralForm } from "./referral-form"

/** A fixed bonus; expiry_days null = the program's expiry_days, 0 = never. Null when off. */
export type Bonus = { points: number; expiry_days: number | null } | null

export const BONUS_NAMES = ["welcome_bonus", "birthday_bonus", "newsletter_bonus", "order_bonus"] as const
export type BonusName = (typeof BONUS_NAMES)[number]

/** Settings of issue 6 (bonuses, achievements, caps, tiers' window, time zone); absent on an older server. */
export type ProgramRuleSettings = Record<BonusName, Bonus> & {
  achievements: { currency_code: string; spend: number; points: number }[]
  max_points_per_order: number | null
  max_balance: number | null
  tier_window_days: number
  time_zone: string
  /** Where referral links point; absent on a server from before referrals. */
  storefront_url?: string | null
  /** The referral program (issue 17); absent on a server from before referrals. */
  referrals?: ReferralSettings
} & Partial<MessageSettings>

export const NUMBER_FIELDS = [
  "earn_percent",
  "pending_days",
  "max_redeem_percent",
  "min_redeem_points",
  "reservation_ttl_hours",
  "expiry_days",
  "expiry_warning_days",
  "inactivity_days",
  "holdout_percent",
] as const
export type NumberField = (typeof NUMBER_FIELDS)[number]

export const SWITCH_FIELDS = ["allow_negative_balance", "earn_on_shipping", "earn_on_tax"] as const
export type SwitchField = (typeof SWITCH_FIELDS)[number]

export type BonusForm = { on: boolean; points: string; expiry_days: string }
export type AchievementForm = { currency_code: string; spend: string; points: string }

/** Issue 6's settings as typed; null when the server does not have them yet. */
export type RulesForm = {
  bonuses: Record<BonusName, BonusForm>
  achievements: AchievementForm[]
  max_points_per_order: string
  max_balance: string
  tier_window_days: string
  time_zone: string
  /** null: the server has no storefront_url (before referrals), so the form neither shows nor sends it. */
  storefront_url: string | null
}

/** What the settings form holds: numbers as typed (strings), so a half-typed value stays on screen. */
export type ProgramForm = Record<NumberField, string> &
  Record<SwitchField, boolean> & {
    enabled: boolean
    point_values: { currency: string; value: string }[]
    rules: RulesForm | null
    /** null: the server has no referral settings, so the form neither shows nor sends them. */
    referrals: ReferralForm | null
    /** null: the server has no notifications or win-back settings, so the form neither shows nor sends them. */
    messages: MessagesForm | null
  }

const text = (value: number | null | undefined) => (value === null || value === undefined ? "" : String(value))

/** "" is null (no limit, program default); anything else a number for the server to validate. */
const numberOrNull = (value: string) => (value.trim() === "" ? null : Number(value))

const hasRuleSettings = (settings: ProgramSettings): settings is ProgramSettings & ProgramRuleSettings =>
  "tier_window_days" in settings

export function toForm(settings: ProgramSettings): ProgramForm {
  return {
    enabled: settings.enabled,
    ...(Object.fromEntries(NUMBER_FIELDS.map((name) => [name, text(settings[name])])) as Record<NumberField, string>),
    ...(Object.fromEntries(SWITCH_FIELDS.map((name) => [name, settings[name]])) as Record<SwitchField, boolean>),
    point_values: Object.entries(settings.point_values).map(([currency, value]) => ({ currency, value: String(value) })),
    rules: hasRuleSettings(settings)
      ? {
          bonuses: Object.fromEntries(BONUS_NAMES.map((name) => [name, bonusForm(settings[name])])) as Record<BonusName, BonusForm>,
          achievements: (settings.achievements ?? []).map((a) => ({
            currency_code: a.currency_code,
            spend: String(a.spend),
            points: String(a.points),
          })),
          max_points_per_order: text(settings.max_points_per_order),
          max_balance: text(settings.max_balance),
          tier_window_days: text(settings.tier_window_days),
          time_zone: settings.time_zone ?? "UTC",
          storefront_url: "storefront_url" in settings ? (settings.storefront_url ?? "") : null,
        }
      : null,
    referrals: settings.referrals ? toReferralForm(settings.referrals) : null,
    messages:
      "notifications" in settings && settings.notifications
        ? toMessagesForm({
            notifications: settings.notifications,
            winback_days: settings.winback_days ?? 0,
            winback_bonus: settings.winback_bonus ?? null,
          })
        : null,
  }
}

const bonusForm = (bonus: Bonus | undefined): BonusForm =>
  bonus ? { on: true, points: String(bonus.points), expiry_days: text(bonus.expiry_days) } : { on: false, points: "", expiry_days: "" }

/** The form's values as the API takes them; the server validates and names what is wrong. */
export function toBody(form: ProgramForm): Partial<ProgramSettings> {
  const body: Partial<ProgramSettings> = {
    enabled: form.enabled,
    ...Object.fromEntries(SWITCH_FIELDS.map((name) => [name, form[name]])),
    ...Object.fromEntries(NUMBER_FIELDS.map((name) => [name, Number(form[name])])),
    point_values: Object.fromEntries(
      form.point_values
        .filter((row) => row.currency.trim())
        .map((row) => [row.currency.trim().toLowerCase(), Number(row.value)])
    ),
    ...(form.referrals ? { referrals: toReferralBody(form.referrals) } : {}),
    ...(form.messages ? toMessagesBody(form.messages) : {}),
  }
  const rules = form.rules
  if (!rules) {
    return body
  }
  return {
    ...body,
    ...Object.fromEntries(
      BONUS_NAMES.map((name) => {
        const bonus = rules.bonuses[name]
        return [name, bonus.on ? { points: Number(bonus.points), expiry_days: numberOrNull(bonus.expiry_days) } : null]
      })
    ),
    achievements: rules.achievements
      .filter((a) => a.currency_code.trim() || a.spend.trim() || a.points.trim())
      .map((a) => ({ currency_code: a.currency_code.trim().toLowerCase(), spend: Number(a.spend), points: Number(a.points) })),
    max_points_per_order: numberOrNull(rules.max_points_per_order),
    max_balance: numberOrNull(rules.max_balance),
    tier_window_days: Number(rules.tier_window_days),
    time_zone: rules.time_zone,
    // "" is no links; anything else the server checks is an http(s) URL.
    ...(rules.storefront_url === null ? {} : { storefront_url: rules.storefront_url.trim() || null }),
  }
}
