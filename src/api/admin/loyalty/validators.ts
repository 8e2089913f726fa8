import { z } from "@medusajs/framework/zod"
import { MAX_POINTS } from "../../../lib"

const ACCOUNT_ORDERS = ["balance", "lifetime_earned", "lifetime_spent", "created_at"] as const

/** `GET /admin/loyalty/accounts`: search, tier filter, sort, page. */
export const AdminListAccountsParams = z
  .object({
    q: z.string().trim().min(1).max(200).optional(),
    tier_id: z.string().min(1).optional(),
    order: z
      .string()
      .refine((value) => ACCOUNT_ORDERS.includes(value.replace(/^-/, "") as any), {
        message: `order must be one of ${ACCOUNT_ORDERS.join(", ")}, optionally with a leading - for descending`,
      })
      .default("-balance"),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()

export type AdminListAccountsParamsType = z.infer<typeof AdminListAccountsParams>

const MAX_BULK = 500

const points = z
  .number({ error: "points must be a number" })
  .int("points must be a whole number")
  .refine((value) => value !== 0, "points must not be zero")
  .refine((value) => Math.abs(value) <= MAX_POINTS, `points must be between -${MAX_POINTS} and ${MAX_POINTS}`)

/**
 * `POST /admin/loyalty/bulk-adjustments`: the same points for a list of
 * customers or a customer group, or one amount per row of an uploaded CSV
 * (`entries`, by customer id or email). Big lists go in chunks of 500, each
 * with the same idempotency_key: a retried chunk credits nobody twice.
 */
export const AdminBulkAdjustment = z
  .object({
    customer_ids: z.array(z.string().min(1)).min(1).max(MAX_BULK).optional(),
    customer_group_id: z.string().min(1).optional(),
    entries: z
      .array(
        z
          .object({
            row: z.number().int().min(1).optional(),
            customer_id: z.string().min(1).optional(),
            email: z.string().trim().min(1).optional(),
            points,
          })
          .strict()
          .refine((entry) => !!entry.customer_id !== !!entry.email, "each entry needs a customer_id or an email, not both")
      )
      .min(1)
      .max(MAX_BULK)
      .optional(),
    points: points.optional(),
    reason: z.string({ error: "reason is required" }).trim().min(1, "reason is required").max(500),
    expires_in_days: z.number().int().min(1).max(36500).nullish(),
    idempotency_key: z.string({ error: "idempotency_key is required" }).trim().min(1).max(200),
  })
  .strict()
  .superRefine((body, ctx) => {
    const targets = [body.customer_ids, body.customer_group_id, body.entries].filter((target) => target !== undefined)
    if (targets.length !== 1) {
      ctx.addIssue({ code: "custom", path: ["customer_ids"], message: "send exactly one of customer_ids, customer_group_id or entries" })
    }
    if (!body.entries && body.points === undefined) {
      ctx.addIssue({ code: "custom", path: ["points"], message: "points is required with customer_ids or customer_group_id" })
    }
    if (body.entries && body.points !== undefined) {
      ctx.addIssue({ code: "custom", path: ["points"], message: "with entries, each entry has its own points" })
    }
  })

export type AdminBulkAdjustmentType = z.infer<typeof AdminBulkAdjustment>

/**
 * `GET /admin/loyalty/bulk-adjustments?idempotency_key=`: what the ledger holds of
 * the run sent with that key and of its repeats (`<key>#2`, …). The key names a
 * first run, so it holds no `#`, and no `:` (that separates it from the row).
 */
export const AdminBulkRunsParams = z
  .object({
    idempotency_key: z
      .string({ error: "idempotency_key is required" })
      .trim()
      .min(1, "idempotency_key is required")
      .max(200)
      .refine((key) => !/[:#]/.test(key), "idempotency_key: a run's own key, without : or #"),
  })
  .strict()

export type AdminBulkRunsParamsType = z.infer<typeof AdminBulkRunsParams>

const MAX_REPORT_DAYS = 5 * 366

/** `GET /admin/loyalty/reports?from&to`: a period of at most five years; the last twelve months by default. */
export const AdminReportParams = z
  .object({
    from: z.coerce.date({ error: "from must be a date, e.g. 2026-01-01" }).optional(),
    to: z.coerce.date({ error: "to must be a date, e.g. 2026-12-31" }).optional(),
  })
  .strict()
  .transform(({ from, to }) => {
    const end = to ?? new Date()
    const start = from ?? new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 11, 1))
    return { from: start, to: end }
  })
  .refine(({ from, to }) => from < to, { message: "from must be before to", path: ["from"] })
  .refine(({ from, to }) => to.getTime() - from.getTime() <= MAX_REPORT_DAYS * 24 * 60 * 60 * 1000, {
    message: "the period may be at most five years",
    path: ["to"],
  })

export type AdminReportParamsType = z.infer<typeof AdminReportParams>

// ------------------------------------------------------------------ tiers, campaigns, rules
// Shapes only; checks across fields and records (thresholds, windows, one rule
// per target) are the module's, with messages that name the field.

const name = z.string().trim().min(1, "name: must not be empty").max(200)
const positiveNumber = (field: string) =>
  z.number({ error: `${field} must be a number` }).positive(`${field} must be above 0`).max(1_000_000)

export const AdminCreateTier = z
  .object({
    name,
    min_points: z.number().int().min(0, "min_points must be 0 or more").max(MAX_POINTS),
    multiplier: positiveNumber("multiplier").max(100, "multiplier must be at most 100"),
  })
  .strict()
export const AdminUpdateTier = AdminCreateTier.partial().strict()

const date = (field: string) =>
  z.coerce.date({ error: `${field} must be a date, e.g. 2026-12-24T00:00:00Z` })

export const AdminCreateCampaign = z
  .object({
    name,
    starts_at: date("starts_at"),
    ends_at: date("ends_at").nullable().default(null),
    customer_group_ids: z.array(z.string().min(1)).max(100).default([]),
    kind: z.enum(["extra_percent", "multiplier"]),
    extra_percent: positiveNumber("extra_percent").nullable().optional(),
    multiplier: positiveNumber("multiplier").nullable().optional(),
  })
  .strict()
export const AdminUpdateCampaign = AdminCreateCampaign.partial().strict()

export const AdminCreateRule = z
  .object({
    name: name.nullable().optional(),
    target_type: z.enum(["product", "category", "collection", "customer_group"]),
    target_id: z.string().trim().min(1, "target_id: must not be empty"),
    kind: z.enum(["percent", "points_per_unit", "exclude"]),
    percent: z.number().min(0).max(100).nullable().optional(),
    points_per_unit: z.number().int().min(0).max(MAX_POINTS).nullable().optional(),
    exclude_earning: z.boolean().nullable().optional(),
    exclude_redemption: z.boolean().nullable().optional(),
  })
  .strict()
export const AdminUpdateRule = AdminCreateRule.partial().strict()

const booleanParam = (name: string) =>
  z.enum(["true", "false"], { error: `${name} must be true or false` }).transform((value) => value === "true")

/**
 * `GET /admin/loyalty/referrals`: the review queue. `status` and `rewarded`
 * filter referrals; `refused=true` lists the refused claims instead.
 */
export const AdminListReferralsParams = z
  .object({
    status: z.enum(["bound", "flagged", "rejected", "unbound"], { error: "status must be one of bound, flagged, rejected, unbound" }).optional(),
    rewarded: booleanParam("rewarded").optional(),
    refused: booleanParam("refused").optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()
  .refine((params) => !(params.refused && (params.status || params.rewarded !== undefined)), {
    message: "refused=true lists refused claims; it does not combine with status or rewarded",
  })

export type AdminListReferralsParamsType = z.infer<typeof AdminListReferralsParams>

const reason = z.string({ error: "reason is required" }).trim().min(1, "reason is required").max(1000)

/** `POST /admin/loyalty/referrals/:id/approve`: a reason is welcome, not required. */
export const AdminApproveReferral = z.object({ reason: reason.optional() }).strict()

/** `POST /admin/loyalty/referrals/:id/reject` and `/unbind`: why, for the record. */
export const AdminDecideReferral = z.object({ reason }).strict()

export type AdminReviewReferralType = { reason?: string }
