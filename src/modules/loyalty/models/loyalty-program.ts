import { model } from "@medusajs/framework/utils"

/**
 * The program settings a store owner edits in the admin. One row; a null
 * column means "use the plugin option (or built-in default)".
 */
export const LoyaltyProgram = model.define("loyalty_program", {
  id: model.id({ prefix: "lyprog" }).primaryKey(),
  enabled: model.boolean().nullable(),
  earn_percent: model.bigNumber().nullable(),
  point_values: model.json().nullable(),
  max_redeem_percent: model.bigNumber().nullable(),
  min_redeem_points: model.number().nullable(),
  pending_days: model.number().nullable(),
  expiry_days: model.number().nullable(),
  expiry_warning_days: model.number().nullable(),
  allow_negative_balance: model.boolean().nullable(),
  earn_on_shipping: model.boolean().nullable(),
  earn_on_tax: model.boolean().nullable(),
  reservation_ttl_hours: model.number().nullable(),
  inactivity_days: model.number().nullable(),
  // When inactivity expiry was switched on: nobody loses points before a full period after it.
  inactivity_enabled_at: model.dateTime().nullable(),
  // When the holdout was switched on: only customers who sign up from then on are drawn.
  holdout_enabled_at: model.dateTime().nullable(),
  // Bonuses, achievements, caps, tier window, time zone: see JSON_SETTING_NAMES.
  settings: model.json().nullable(),
})
