import { z, type ZodType } from "@medusajs/framework/zod"
import { TRANSACTION_TYPES } from "../modules/loyalty/models/loyalty-transaction"

/** `?limit&offset` for every list: 1–100, default 20. */
export const ListPageParams = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()

export type ListPageParamsType = z.infer<typeof ListPageParams>

/** A page of the ledger, with its optional filters. */
export const ListTransactionsParams = ListPageParams.extend({
  type: z.enum(TRANSACTION_TYPES).optional(),
  order_id: z.string().min(1).optional(),
}).strict()

export type ListTransactionsParamsType = z.infer<typeof ListTransactionsParams>

export const EmptyParams = z.object({}).strict()

// ------------------------------------------------------------------ input the database must not see

/** Keys that reach Object.prototype, or shadow its members, in an object built from input. */
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"])

/**
 * The first thing in a body, query or set of path params that must not go further, as a
 * message naming its field (`entries[1].email: …`); null when there is none:
 * - a NUL character in a string or key: PostgreSQL refuses it in text and answers 500;
 * - `__proto__`, `constructor` or `prototype` as a key: zod builds records on a plain object, so
 *   `{"point_values":{"__proto__":1}}` would save an empty map.
 * The walk keeps its own stack: a deeply nested body cannot overflow the call stack.
 */
export function unstorableInput(input: unknown): string | null {
  // [value, its field, the key it is under]; popped in document order.
  const stack: [unknown, string, string?][] = [[input, ""]]
  while (stack.length) {
    const [value, path, key] = stack.pop()!
    if (key !== undefined && PROTOTYPE_KEYS.has(key)) {
      return `${path}: a key must not be __proto__, constructor or prototype`
    }
    if ((key ?? "").includes("\u0000") || (typeof value === "string" && value.includes("\u0000"))) {
      return `${path || "value"}: must not contain a NUL character (\\u0000)`
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        stack.push([value[i], `${path}[${i}]`])
      }
    } else if (value && typeof value === "object") {
      const keys = Object.keys(value)
      for (let i = keys.length - 1; i >= 0; i--) {
        const field = keys[i].replace(/\u0000/g, "\\u0000")
        stack.push([(value as Record<string, unknown>)[keys[i]], path ? `${path}.${field}` : field, keys[i]])
      }
    }
  }
  return null
}

/**
 * `schema`, once unstorableInput has found nothing. Every body and query of the plugin's
 * routes goes through it (src/api/middlewares.ts), so no string field can forget the check.
 */
export function storable<T extends ZodType>(schema: T) {
  return z
    .any()
    .superRefine((input, ctx) => {
      const problem = unstorableInput(input)
      if (problem) {
        ctx.addIssue({ code: "custom", message: problem })
      }
    })
    .pipe(schema)
}
