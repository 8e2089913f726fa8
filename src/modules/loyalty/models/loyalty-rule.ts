import { model } from "@medusajs/framework/utils"

/**
 * An override of the program's earning for a product, category, collection or
 * customer group (see src/lib/rules/earning-rules.ts for precedence).
 */
export const LoyaltyRule = model
  .define("loyalty_rule", {
    id: model.id({ prefix: "lyrule" }).primaryKey(),
    name: model.text().nullable(),
    target_type: model.enum(["product", "category", "collection", "customer_group"]),
    target_id: model.text(),
    kind: model.enum(["percent", "points_per_unit", "exclude"]),
    percent: model.bigNumber().nullable(),
    points_per_unit: model.number().nullable(),
    exclude_earning: model.boolean().nullable(),
    exclude_redemption: model.boolean().nullable(),
  })
  // One rule per target: it says everything about that target.
  .indexes([{ on: ["target_type", "target_id"], unique: true, where: "deleted_at IS NULL" }])
