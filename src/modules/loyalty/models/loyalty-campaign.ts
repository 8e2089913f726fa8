import { model } from "@medusajs/framework/utils"

/**
 * Extra earning over a time window [starts_at, ends_at), for everyone or for
 * some customer groups: an extra percent of the eligible amount, or a
 * multiplier on the order's points.
 */
export const LoyaltyCampaign = model
  .define("loyalty_campaign", {
    id: model.id({ prefix: "lycamp" }).primaryKey(),
    name: model.text(),
    starts_at: model.dateTime(),
    ends_at: model.dateTime().nullable(),
    // Empty: every customer.
    customer_group_ids: model.json().nullable(),
    kind: model.enum(["extra_percent", "multiplier"]),
    extra_percent: model.bigNumber().nullable(),
    multiplier: model.bigNumber().nullable(),
  })
  .indexes([{ on: ["starts_at", "ends_at"], where: "deleted_at IS NULL" }])
  .checks([
    { name: "loyalty_campaign_ends_after_start", expression: "ends_at IS NULL OR ends_at > starts_at" },
  ])
