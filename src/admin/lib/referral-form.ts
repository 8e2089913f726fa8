/**
 * The `referrals` program setting as the API sends it (src/modules/loyalty/program-settings.ts),
 * and as the settings form holds it: numbers as typed (strings), so a half-typed value stays on
 * screen; the server checks the limits and names what is wrong.
 */
export type ReferralCoupon = { type: "percentage"; value: number } | { type: "fixed"; value: Record<string, number> } | null

export type ExternalSource = { utm_source: string | null; origin: string | null; points: number; expiry_days: number | null }

export type ReferralSettings = {
  enabled: boolean
  referrer_points: number
  referrer_percent: number
  referee_points: number
  every_order_days: number
  min_order_amount: Record<string, number>
  monthly_cap: number | null
  review_deadline_days: number
  review_default: "approve" | "reject"
  coupon: ReferralCoupon
  external_sources: ExternalSource[]
  flag_order_over_average: number | null
  flag_referrals_per_day: number | null
}

/** Numbers the form edits as text; the nullable ones are empty when off (no cap, no flag). */
export const REFERRAL_NUMBERS = [
  "referrer_points",
  "referrer_percent",
  "referee_points",
  "every_order_days",
  "review_deadline_days",
] as const
export type ReferralNumber = (typeof REFERRAL_NUMBERS)[number]

export const REFERRAL_OPTIONAL_NUMBERS = ["monthly_cap", "flag_order_over_average", "flag_referrals_per_day"] as const
export type ReferralOptionalNumber = (typeof REFERRAL_OPTIONAL_NUMBERS)[number]

/** Whole numbers; the rest (a percent, a multiple of the average order) may have decimals. */
const WHOLE: readonly string[] = ["referrer_points", "referee_points", "every_order_days", "review_deadline_days", "monthly_cap", "flag_referrals_per_day"]

export const COUPON_KINDS = ["off", "percentage", "fixed"] as const
export type CouponKind = (typeof COUPON_KINDS)[number]

export type AmountRow = { currency: string; amount: string }
/** One source: a UTM source, a referring site's address, or both (either matches). */
export type SourceRow = { utm_source: string; origin: string; points: string; expiry_days: string }

export type ReferralForm = Record<ReferralNumber | ReferralOptionalNumber, string> & {
  enabled: boolean
  review_default: "approve" | "reject"
  min_order_amount: AmountRow[]
  /** The coupon's kind and both kinds' values, so switching kinds back and forth keeps what was typed. */
  coupon: { kind: CouponKind; percent: string; currency: string; amount: string }
  external_sources: SourceRow[]
}

const text = (value: number | null | undefined) => (value === null || value === undefined ? "" : String(value))
const numberOrNull = (value: string) => (value.trim() === "" ? null : Number(value))
const amountRows = (values: Record<string, number>): AmountRow[] =>
  Object.entries(values).map(([currency, amount]) => ({ currency, amount: String(amount) }))
const amountMap = (rows: AmountRow[]) =>
  Object.fromEntries(rows.filter((row) => row.currency.trim()).map((row) => [row.currency.trim().toLowerCase(), Number(row.amount)]))

export function toReferralForm(settings: ReferralSettings): ReferralForm {
  const coupon = settings.coupon
  const fixed = coupon?.type === "fixed" ? Object.entries(coupon.value)[0] : undefined
  return {
    enabled: settings.enabled,
    ...(Object.fromEntries(REFERRAL_NUMBERS.map((name) => [name, text(settings[name])])) as Record<ReferralNumber, string>),
    ...(Object.fromEntries(REFERRAL_OPTIONAL_NUMBERS.map((name) => [name, text(settings[name])])) as Record<ReferralOptionalNumber, string>),
    review_default: settings.review_default,
    min_order_amount: amountRows(settings.min_order_amount),
    coupon: {
      kind: coupon ? coupon.type : "off",
      percent: coupon?.type === "percentage" ? String(coupon.value) : "",
      currency: fixed?.[0] ?? "",
      amount: fixed ? String(fixed[1]) : "",
    },
    external_sources: settings.external_sources.map((source) => ({
      utm_source: source.utm_source ?? "",
      origin: source.origin ?? "",
      points: String(source.points),
      expiry_days: text(source.expiry_days),
    })),
  }
}

function couponBody(coupon: ReferralForm["coupon"]): ReferralCoupon {
  if (coupon.kind === "percentage") {
    return { type: "percentage", value: Number(coupon.percent) }
  }
  if (coupon.kind === "fixed") {
    return { type: "fixed", value: { [coupon.currency.trim().toLowerCase()]: Number(coupon.amount) } }
  }
  return null
}

/** The form's values as `POST /admin/loyalty/program` takes `referrals`: empty optional numbers are null (off). */
export function toReferralBody(form: ReferralForm): ReferralSettings {
  return {
    enabled: form.enabled,
    ...(Object.fromEntries(REFERRAL_NUMBERS.map((name) => [name, Number(form[name])])) as Record<ReferralNumber, number>),
    ...(Object.fromEntries(REFERRAL_OPTIONAL_NUMBERS.map((name) => [name, numberOrNull(form[name])])) as Record<
      ReferralOptionalNumber,
      number | null
    >),
    review_default: form.review_default,
    min_order_amount: amountMap(form.min_order_amount),
    coupon: couponBody(form.coupon),
    external_sources: form.external_sources
      // A row left wholly empty is no source.
      .filter((row) => row.utm_source.trim() || row.origin.trim() || row.points.trim() || row.expiry_days.trim())
      .map((row) => ({
        utm_source: row.utm_source.trim() || null,
        origin: row.origin.trim() || null,
        points: Number(row.points),
        expiry_days: numberOrNull(row.expiry_days),
      })),
  }
}

/** Why a field cannot be sent as typed: a key under loyalty.settings.referrals.errors. */
export type ReferralError = "required" | "not_a_number" | "whole_number" | "source_needed" | "currency_needed"

/** What the server would refuse whatever its limits: missing and non-numeric values. */
const numberError = (value: string, whole: boolean, required: boolean): ReferralError | null => {
  if (!value.trim()) {
    return required ? "required" : null
  }
  const number = Number(value)
  if (!Number.isFinite(number)) {
    return "not_a_number"
  }
  return whole && !Number.isInteger(number) ? "whole_number" : null
}

/**
 * The form's obvious mistakes, by field: `referrer_points`, `coupon.percent`,
 * `min_order_amount.0.amount`, `external_sources.0.source`… Limits (a percent up to 100, an
 * origin's form, a currency Medusa knows) are the server's to name.
 */
export function referralFormErrors(form: ReferralForm): Record<string, ReferralError> {
  const errors: Record<string, ReferralError | null> = {}
  for (const name of REFERRAL_NUMBERS) {
    errors[name] = numberError(form[name], WHOLE.includes(name), true)
  }
  for (const name of REFERRAL_OPTIONAL_NUMBERS) {
    errors[name] = numberError(form[name], WHOLE.includes(name), false)
  }
  form.min_order_amount.forEach((row, index) => {
    errors[`min_order_amount.${index}.currency`] = row.currency.trim() ? null : "currency_needed"
    errors[`min_order_amount.${index}.amount`] = numberError(row.amount, false, true)
  })
  if (form.coupon.kind === "percentage") {
    errors["coupon.percent"] = numberError(form.coupon.percent, false, true)
  }
  if (form.coupon.kind === "fixed") {
    errors["coupon.currency"] = form.coupon.currency.trim() ? null : "currency_needed"
    errors["coupon.amount"] = numberError(form.coupon.amount, false, true)
  }
  form.external_sources.forEach((row, index) => {
    if (!(row.utm_source.trim() || row.origin.trim() || row.points.trim() || row.expiry_days.trim())) {
      return
    }
    errors[`external_sources.${index}.source`] = row.utm_source.trim() || row.origin.trim() ? null : "source_needed"
    errors[`external_sources.${index}.points`] = numberError(row.points, true, true)
    errors[`external_sources.${index}.expiry_days`] = numberError(row.expiry_days, true, false)
  })
  return Object.fromEntries(Object.entries(errors).filter((entry): entry is [string, ReferralError] => entry[1] !== null))
}
