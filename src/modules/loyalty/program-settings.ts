import { defaultCurrencies } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { MAX_POINTS } from "../../lib/points"
import { NOTIFIED_EVENTS } from "../../lib/notified-events"
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

/** A map per currency of a money amount, like point_values (a typo'd currency would never match a cart). */
const moneyPerCurrency = (name: string) =>
  z.record(z.string(), z.number().positive().max(1_000_000_000)).superRefine((values, ctx) => {
    for (const code of Object.keys(values)) {
      if (!CURRENCY_CODES.has(code)) {
        ctx.addIssue({
          code: "custom",
          path: [code],
          message: `${name}: "${code}" is not a currency code Medusa knows (lower-case ISO 4217, such as "eur")`,
        })
      }
    }
  })

/**
 * The referral program (issue 17's contract; every part off by default).
 * The referrer earns `referrer_points` and/or `referrer_percent` of the
 * referee's order (items after discounts, points and coupons excluded) on
 * the first order (`every_order_days: 0`) or on every order for that many
 * days, when the order's net paid amount reaches `min_order_amount` in its
 * currency; the referee earns `referee_points` on their first order. Rewards
 * are pending like the order's points and follow it on cancel and return.
 * `monthly_cap`: rewarded referrals per referrer and calendar month (null: no
 * cap). Flagged referrals wait `review_deadline_days` for an admin, then
 * `review_default` decides.
 */
const referrals = z
  .object({
    enabled: z.boolean(),
    referrer_points: z.number().int().min(0).max(MAX_POINTS),
    referrer_percent: percent,
    referee_points: z.number().int().min(0).max(MAX_POINTS),
    every_order_days: z.number().int().min(0).max(3650),
    min_order_amount: moneyPerCurrency("referrals.min_order_amount"),
    monthly_cap: z.number().int().min(1).max(100_000).nullable(),
    review_deadline_days: z.number().int().min(1).max(365),
    review_default: z.enum(["approve", "reject"]),
    // The newcomer's first-order discount through a referrer's coupon; null: no referral coupons.
    coupon: z
      .discriminatedUnion("type", [
        z.object({ type: z.literal("percentage"), value: z.number().positive().max(100) }).strict(),
        z
          .object({
            type: z.literal("fixed"),
            // A Medusa promotion takes a fixed amount off in one currency, and a shopper shares one code.
            value: moneyPerCurrency("referrals.coupon.value").refine(
              (values) => Object.keys(values).length === 1,
              "referrals.coupon.value: a fixed referral coupon is an amount in one currency, such as { \"eur\": 10 } (for several currencies use a percentage)"
            ),
          })
          .strict(),
      ])
      .nullable(),
    // Sources that bring a shopper a bonus once, with no referrer: a UTM source or a referring origin.
    external_sources: z
      .array(
        z
          .object({
            utm_source: z.string().trim().min(1).max(200).nullable().default(null),
            origin: z.string().url().max(2000).nullable().default(null),
            points: z.number().int().min(1).max(MAX_POINTS),
            expiry_days: wholeNumber.nullable().default(null),
          })
          .strict()
          .refine((source) => source.utm_source || source.origin, "an external source needs a utm_source or an origin")
      )
      .max(100),
    // Flags (the reward waits for review): an order this many times the store's average; more bindings
    // than this per referrer in a day. null: that flag is off.
    flag_order_over_average: z.number().min(1).max(1000).nullable(),
    flag_referrals_per_day: z.number().int().min(1).max(100_000).nullable(),
  })
  .strict()

export type ReferralSettings = z.infer<typeof referrals>

/**
 * Which shopper-facing events become a notification, and how: event name
 * without `loyalty.` → the Notification Module channel and the provider's
 * template (`locale` picks the plugin's own content, en or ru). {} sends nothing.
 */
const notifications = z
  .record(
    z.string(),
    z
      .object({
        channel: z.string().trim().min(1, "channel: name a Notification Module channel, such as \"email\"").max(100),
        template: z.string().trim().min(1, "template: name the provider's template, such as \"loyalty-points-earned\"").max(200),
        locale: z.enum(["en", "ru"]).optional(),
      })
      .strict()
  )
  .superRefine((map, ctx) => {
    for (const name of Object.keys(map)) {
      if (!(NOTIFIED_EVENTS as readonly string[]).includes(name)) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `notifications: "${name}" is not an event the plugin notifies shoppers of (${NOTIFIED_EVENTS.join(", ")})`,
        })
      }
    }
  })

export type NotificationSettings = z.infer<typeof notifications>

export const DEFAULT_REFERRAL_SETTINGS: ReferralSettings = {
  enabled: false,
  referrer_points: 0,
  referrer_percent: 0,
  referee_points: 0,
  every_order_days: 0,
  min_order_amount: {},
  monthly_cap: null,
  review_deadline_days: 14,
  // A flag nobody looked at pays nothing: points are the store's liability.
  review_default: "reject",
  coupon: null,
  external_sources: [],
  flag_order_over_average: null,
  flag_referrals_per_day: null,
}

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
    referrals,
    notifications,
    // Win-back: a shopper with a positive balance and no order for this many days hears from the
    // store once per quiet period (loyalty.winback), with winback_bonus if set. 0: off.
    winback_days: z.number().int().min(0).max(3650),
    winback_bonus: bonus,
    // Holdout (issue 21): this share of customers who sign up after it is switched on is left out
    // of the program, to measure what it adds. 0: off.
    holdout_percent: z
      .number({ error: "holdout_percent must be a number from 0 to 50, such as 5 or 2.5" })
      .min(0, "holdout_percent must be from 0 to 50 (percent of new customers)")
      .max(50, "holdout_percent must be from 0 to 50 (percent of new customers)")
      .refine((value) => Number.isInteger(Math.round(value * 10 * 1e6) / 1e6), "holdout_percent takes at most one decimal, such as 2.5"),
  })
  .strict()

export type ProgramSettings = z.infer<typeof programSettingsSchema>

/** A change of some settings; `referrals` may name some of its parts, the rest stay. */
export const programSettingsPatchSchema = programSettingsSchema
  .partial()
  .extend({ referrals: referrals.partial().strict().optional() })
  .strict()

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
  referrals: DEFAULT_REFERRAL_SETTINGS,
  // No notifications until the store names a channel and template for an event.
  notifications: {},
  winback_days: 0,
  winback_bonus: null,
  // Off: every customer is enrolled.
  holdout_percent: 0,
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
  "referrals",
  "notifications",
  "winback_days",
  "winback_bonus",
  "holdout_percent",
] as const satisfies readonly (keyof ProgramSettings)[]

/**
 * Plugin options are program settings that act as defaults for the stored row, and
 * `referral_sites`, which only the plugin options set (a store owner's admin cannot):
 * `allow_private_origins` lets the site check fetch http and private addresses, for tests
 * and local development.
 */
export type LoyaltyModuleOptions = ProgramSettingsPatch & {
  referral_sites?: { allow_private_origins?: boolean }
  telegram?: TelegramOptions
}

/**
 * The module option `telegram`: the bot that links shoppers' chats and answers them
 * (README, "Telegram"). Secrets, so plugin options only, never program settings. Left out,
 * linking a chat is unavailable and the webhook refuses every update.
 */
export type TelegramOptions = {
  /** The bot's token from @BotFather (the provider has it too: it sends the notifications). */
  bot_token: string
  /** The bot's username, without @: the deep links are `https://t.me/<bot_username>?start=<token>`. */
  bot_username: string
  /** The `secret_token` given to setWebhook; Telegram sends it in X-Telegram-Bot-Api-Secret-Token. */
  webhook_secret: string
  /** The Bot API's address (default https://api.telegram.org); another only for tests. */
  api_base_url?: string
}

const telegramOptionsSchema = z
  .object({
    bot_token: z.string().trim().min(1, "the bot's token from @BotFather is required"),
    bot_username: z
      .string()
      .trim()
      .transform((name) => name.replace(/^@/, ""))
      .pipe(z.string().regex(/^[A-Za-z0-9_]{5,32}$/, "a Telegram bot username (5–32 letters, digits or _)")),
    // What Telegram accepts as setWebhook's secret_token.
    webhook_secret: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, "16–256 characters of A–Z, a–z, 0–9, _ and -"),
    api_base_url: z.string().url().regex(/^https?:\/\//, "an http(s) URL").optional(),
  })
  .strict()
  .nullable()
  .optional()

const referralSiteOptionsSchema = z.object({ allow_private_origins: z.boolean().default(false) }).strict().default({ allow_private_origins: false })

export function referralSiteOptionsFrom(options: unknown): { allow_private_origins: boolean } {
  const parsed = referralSiteOptionsSchema.safeParse(options)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`medusa-loyalty: invalid plugin option "referral_sites.${issue.path.join(".")}": ${issue.message}`)
  }
  return parsed.data
}

/** The `telegram` option, checked; null when the store has no bot. */
export function telegramOptionsFrom(options: unknown): TelegramOptions | null {
  const parsed = telegramOptionsSchema.safeParse(options)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`medusa-loyalty: invalid plugin option "telegram${issue.path.length ? `.${issue.path.join(".")}` : ""}": ${issue.message}`)
  }
  return parsed.data ?? null
}

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
  return {
    ...DEFAULT_PROGRAM_SETTINGS,
    ...parsed.data,
    referrals: { ...DEFAULT_REFERRAL_SETTINGS, ...parsed.data.referrals },
  }
}
