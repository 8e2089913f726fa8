import { z } from "@medusajs/framework/zod"
import { TRANSACTION_TYPES } from "../modules/loyalty/models/loyalty-transaction"

/** `?limit&offset` for every list, plus optional filters of the ledger. */
export const ListTransactionsParams = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
    type: z.enum(TRANSACTION_TYPES).optional(),
    order_id: z.string().min(1).optional(),
  })
  .strict()

export type ListTransactionsParamsType = z.infer<typeof ListTransactionsParams>

export const EmptyParams = z.object({}).strict()
