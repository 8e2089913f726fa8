import { z } from "@medusajs/framework/zod"

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
