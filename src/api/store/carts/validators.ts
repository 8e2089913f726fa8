import { z } from "@medusajs/framework/zod"
import { MAX_POINTS } from "../../../lib"

export const StoreApplyCartPoints = z
  .object({
    points: z
      .number({ error: "points must be a number" })
      .int("points must be a whole number")
      .min(1, "points must be at least 1")
      .max(MAX_POINTS, `points must be at most ${MAX_POINTS}`),
  })
  .strict()

export type StoreApplyCartPointsType = z.infer<typeof StoreApplyCartPoints>
