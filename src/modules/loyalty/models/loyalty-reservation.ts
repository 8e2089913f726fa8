import { model } from "@medusajs/framework/utils"
import { LoyaltyAccount } from "./loyalty-account"

/**
 * Points held for one cart until its order is placed or the hold is released.
 * `lots` says which credit lots the points come from (first-expiring first):
 * while the hold is active those parts are the cart's, and expiry and other
 * debits leave them alone.
 */
export const LoyaltyReservation = model
  .define("loyalty_reservation", {
    id: model.id({ prefix: "lyres" }).primaryKey(),
    cart_id: model.text(),
    points: model.number(),
    lots: model.json<{ lot_id: string; points: number }[]>().default([]),
    promotion_id: model.text().nullable(),
    status: model.enum(["active", "committed", "released"]).default("active"),
    expires_at: model.dateTime(),
    order_id: model.text().nullable(),
    account: model.belongsTo(() => LoyaltyAccount, { mappedBy: "reservations" }),
  })
  .indexes([
    { on: ["cart_id"], unique: true, where: "status = 'active'" },
    { on: ["expires_at"], where: "status = 'active'" },
    // The holds of an account, read under its lock by every spend and by expiry.
    { name: "IDX_loyalty_reservation_active_account_id", on: ["account_id"], where: "status = 'active'" },
  ])
  .checks([{ name: "loyalty_reservation_points_positive", expression: "points > 0" }])
