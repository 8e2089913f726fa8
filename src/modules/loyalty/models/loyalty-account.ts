import { model } from "@medusajs/framework/utils"
import { LoyaltyReservation } from "./loyalty-reservation"
import { LoyaltyTransaction } from "./loyalty-transaction"

/**
 * One per customer. The figures are a cached projection of the ledger, written
 * in the same transaction as the ledger rows (see service.ts) and checked
 * against it by `verifyAccounts`.
 */
export const LoyaltyAccount = model
  .define("loyalty_account", {
    id: model.id({ prefix: "lyacc" }).primaryKey(),
    customer_id: model.text(),
    // Available points; below zero only when a clawback found them spent.
    balance: model.number().default(0),
    pending: model.number().default(0),
    reserved: model.number().default(0),
    lifetime_earned: model.number().default(0),
    lifetime_spent: model.number().default(0),
    tier_id: model.text().nullable(),
    referral_code: model.text().nullable(),
    referred_by_account_id: model.text().nullable(),
    // "YYYY-MM-DD" or "MM-DD", set once by the shopper.
    birthday: model.text().nullable(),
    newsletter_opt_in: model.boolean().nullable(),
    // The shopper turned loyalty messages off: the plugin's notifications skip them.
    notifications_opt_out: model.boolean().default(false),
    // The shopper's last earning or spending, for inactivity expiry.
    last_activity_at: model.dateTime().nullable(),
    // When the inactivity warning went out; a newer activity makes it due again.
    inactivity_warned_at: model.dateTime().nullable(),
    // When the win-back message last went out; an order after it starts a new quiet period.
    winback_sent_at: model.dateTime().nullable(),
    // A keyed hash of the IP and user agent the shopper last used the store's loyalty routes
    // from (never the IP itself): a referee claiming from the referrer's device is flagged.
    device_hash: model.text().nullable(),
    device_seen_at: model.dateTime().nullable(),
    // The holdout draw, made once when the account is created: true, held out (earns and sees
    // nothing); false, drawn and enrolled (the comparison group); null, not drawn (holdout off, or
    // the customer signed up before it was switched on). A later change of the share moves nobody.
    holdout: model.boolean().nullable(),
    metadata: model.json().nullable(),
    transactions: model.hasMany(() => LoyaltyTransaction, { mappedBy: "account" }),
    reservations: model.hasMany(() => LoyaltyReservation, { mappedBy: "account" }),
  })
  .indexes([
    // Not partial: accounts are never soft-deleted, and the ledger upserts on it.
    { on: ["customer_id"], unique: true, where: null },
    { on: ["referral_code"], unique: true, where: "referral_code IS NOT NULL" },
  ])
  .checks([
    { name: "loyalty_account_pending_not_negative", expression: "pending >= 0" },
    { name: "loyalty_account_reserved_not_negative", expression: "reserved >= 0" },
  ])
