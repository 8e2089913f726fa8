import { model } from "@medusajs/framework/utils"

/**
 * A level of the program: reached with `min_points` earned from orders in the
 * last `tier_window_days`, it multiplies what the shopper's orders earn.
 */
export const LoyaltyTier = model
  .define("loyalty_tier", {
    id: model.id({ prefix: "lytier" }).primaryKey(),
    name: model.text(),
    min_points: model.number(),
    multiplier: model.bigNumber(),
  })
  // Two tiers on one threshold would make a shopper's tier depend on sort order.
  .indexes([{ on: ["min_points"], unique: true, where: "deleted_at IS NULL" }])
  .checks([
    { name: "loyalty_tier_min_points_not_negative", expression: "min_points >= 0" },
    { name: "loyalty_tier_multiplier_positive", expression: "multiplier > 0" },
  ])
