import { z } from "@medusajs/framework/zod"
import { MAX_POINTS } from "../../../lib"

export const AdminCreateAdjustment = z
  .object({
    points: z
      .number({ error: "points must be a number" })
      .int("points must be a whole number")
      .refine((points) => points !== 0, "points must not be zero")
      .refine(
        (points) => Math.abs(points) <= MAX_POINTS,
        `points must be between -${MAX_POINTS} and ${MAX_POINTS}`
      ),
    reason: z.string({ error: "reason is required" }).trim().min(1, "reason is required").max(500),
    expires_in_days: z.number().int().min(1).max(36500).nullish(),
    idempotency_key: z.string().trim().min(1).max(200).optional(),
  })
  .strict()

export type AdminCreateAdjustmentType = z.infer<typeof AdminCreateAdjustment>
