import { defaultCurrencies } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { MAX_POINTS } from "../../lib/points"
import { achievementsError, timeZoneError } from "../../lib/rules"

/**
 * The program settings contract (DESIGN §4). The same schema validates the
 * plugin options, the stored row and `POST /admin/loyalty/program`.
 */
const percent = z.number().min(0).max(100)
const wholeNumber = z.number().int().min(0).max(100_000)
const pointsLimit = z.number().int().min(1).max(MAX_POINTS).nullable()

/** Medusa's own currencies (the currency module seeds the same list), lower-case as carts carry them. */
const CURRENCY_CODES = new Set(Object.keys(defaultCurrencies).map((code) => code.toLowerCase()))

/** A bonus: its points and how long they last (null: the program's expiry_days, 0: never); null is off. */
const bonus = z
  .object({
    points: z.number().int().min(1).max(MAX_POINTS),
    expiry_days: wholeNumber.nullable().default(null),
  })
  .strict()
  .nullable()

const achievements = z
  .array(
    z
      .object({
        currency_code: z.string(),
        spend: z.number().positive(),
        points: z.number().int().min(1).max(MAX_POINTS),
      })
      .strict()
  )
  .max(100)
  .superRefine((list, ctx) => {
    const error = achievementsError(list)
    if (error) {
      ctx.addIssue({ code: "custom", message: error })
    }
  })

export const programSettingsSchema = z
  .object({
    enabled: z.boolean(),
    earn_percent: percent,
    point_values: z
      .record(z.string(), z.number().positive().max(1_000_000))
      .superRefine((values, ctx) => {
        for (const code of Object.keys(values)) {
          // A typo would save a currency no cart has: nothing would earn or redeem in it.
          if (!CURRENCY_CODES.has(code)) {
            ctx.addIssue({
              code: "custom",
              path: [code],
              message: `point_values: "${code}" is not a currency code Medusa knows (lower-case ISO 4217, such as "eur")`,
            })
          }
        }
      }),
    max_redeem_percent: percent,
    min_redeem_points: z.number().int().min(0).max(1_000_000_000),
    pending_days: wholeNumber,
    expiry_days: wholeNumber,
    expiry_warning_days: wholeNumber,
    allow_negative_balance: z.boolean(),
    earn_on_shipping: z.boolean(),
    earn_on_tax: z.boolean(),
    reservation_ttl_hours: z.number().int().min(1).max(24 * 365),
    inactivity_days: wholeNumber,
    welcome_bonus: bonus,
    birthday_bonus: bonus,
    newsletter_bonus: bonus,
    order_bonus: bonus,
    achievements,
    max_points_per_order: pointsLimit,
    max_balance: pointsLimit,
    tier_window_days: z.number().int().min(1).max(3650),
    // Where shoppers' referral links point: `<storefront_url>?ref=CODE`; null: no links.
    storefront_url: z
      .string()
      .max(2000)
      .url()
      .refine((url) => /^https?:\/\//i.test(url), "storefront_url must start with https:// or http://")
      .nullable(),
    time_zone: z.string().superRefine((zone, ctx) => {
      const error = timeZoneError(zone)
      if (error) {
        ctx.addIssue({ code: "custom", message: error })
      }
    }),
  })
  .strict()

export type ProgramSettings = z.infer<typeof programSettingsSchema>

export const programSettingsPatchSchema = programSettingsSchema.partial().strict()

export type ProgramSettingsPatch = z.infer<typeof programSettingsPatchSchema>

export const PROGRAM_SETTING_NAMES = Object.keys(
  programSettingsSchema.shape
) as (keyof ProgramSettings)[]

export const DEFAULT_PROGRAM_SETTINGS: ProgramSettings = {
  enabled: true,
  earn_percent: 5,
  point_values: {},
  max_redeem_percent: 30,
  min_redeem_points: 0,
  pending_days: 14,
  expiry_days: 365,
  expiry_warning_days: 14,
  allow_negative_balance: true,
  earn_on_shipping: false,
  earn_on_tax: false,
  reservation_ttl_hours: 24,
  // Off: points only expire lot by lot.
  inactivity_days: 0,
  welcome_bonus: null,
  birthday_bonus: null,
  newsletter_bonus: null,
  order_bonus: null,
  achievements: [],
  max_points_per_order: null,
  max_balance: null,
  tier_window_days: 365,
  // The store's calendar: whose birthday it is today.
  time_zone: "UTC",
  storefront_url: null,
}

/**
 * Settings kept by name in the program row's `settings` JSON rather than a
 * column each: null is a value for some of them (a bonus switched off), so a
 * name present there overrides the plugin option, null included.
 */
export const JSON_SETTING_NAMES = [
  "welcome_bonus",
  "birthday_bonus",
  "newsletter_bonus",
  "order_bonus",
  "achievements",
  "max_points_per_order",
  "max_balance",
  "tier_window_days",
  "time_zone",
  "storefront_url",
] as const satisfies readonly (keyof ProgramSettings)[]

/** Plugin options are program settings that act as defaults for the stored row. */
export type LoyaltyModuleOptions = ProgramSettingsPatch

export function defaultsFromOptions(options: Record<string, unknown> = {}): ProgramSettings {
  // Medusa adds its own keys (such as `database`) to a module's options.
  const settings = Object.fromEntries(
    PROGRAM_SETTING_NAMES.filter((name) => options[name] !== undefined).map((name) => [
      name,
      options[name],
    ])
  )
  const parsed = programSettingsPatchSchema.safeParse(settings)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(
      `medusa-loyalty: invalid plugin option "${issue.path.join(".") || "options"}": ${issue.message}`
    )
  }
  return { ...DEFAULT_PROGRAM_SETTINGS, ...parsed.data }
}
