import { model } from "@medusajs/framework/utils"
import { LoyaltyAccount } from "./loyalty-account"

export const TRANSACTION_TYPES = [
  "earn",
  "bonus",
  "referral",
  "adjust",
  "redeem",
  "reversal",
  "restore",
  "expire",
] as const

export const TRANSACTION_STATUSES = ["pending", "available", "void"] as const

/**
 * The ledger. Append-only: only `remaining` and `status` of credit lots and
 * `unsettled` of debits change after insert.
 * - A credit (points > 0) is a lot: `remaining` is what is still unspent.
 * - A debit (points < 0) records in `unsettled` the part no lot could cover
 *   (debt from a clawback), paid off by later credits.
 * - `reference` points at the lot a reversal or expiry acts on.
 * - `details` says how the row came about (earn basis, lots consumed).
 */
export const LoyaltyTransaction = model
  .define("loyalty_transaction", {
    id: model.id({ prefix: "lytx" }).primaryKey(),
    type: model.enum([...TRANSACTION_TYPES]),
    points: model.number(),
    status: model.enum([...TRANSACTION_STATUSES]).default("available"),
    remaining: model.number().nullable(),
    unsettled: model.number().nullable(),
    available_at: model.dateTime().nullable(),
    expires_at: model.dateTime().nullable(),
    order_id: model.text().nullable(),
    reference: model.text().nullable(),
    reason: model.text().nullable(),
    created_by: model.text().nullable(),
    idempotency_key: model.text(),
    details: model.json().nullable(),
    // Set when loyalty.points_expiring went out for this lot: each lot is warned once.
    expiry_warned_at: model.dateTime().nullable(),
    account: model.belongsTo(() => LoyaltyAccount, { mappedBy: "transactions" }),
  })
  .indexes([
    // Not partial: a key is spent forever, whatever happens to the row.
    { on: ["idempotency_key"], unique: true, where: null },
    { on: ["account_id", "created_at"], where: null },
    // The report: a period's rows of all accounts.
    { name: "IDX_loyalty_transaction_created_at", on: ["created_at"], where: "deleted_at IS NULL" },
    { on: ["order_id"], where: "order_id IS NOT NULL" },
    { on: ["reference"], where: "reference IS NOT NULL" },
    // Open lots, in spending order (FIFO by expiry).
    { on: ["account_id", "expires_at"], where: "remaining > 0" },
    // Debts that the next credit pays off.
    { name: "IDX_loyalty_transaction_open_debts", on: ["account_id"], where: "unsettled > 0" },
    // An account's reversals, for its tier points (few: without it, every read of the account
    // page went through all the shopper's rows to find none).
    { name: "IDX_loyalty_transaction_reversals", on: ["account_id"], where: "type = 'reversal'" },
    // Jobs: pending lots to release, available lots to expire.
    { on: ["available_at"], where: "status = 'pending'" },
    { on: ["expires_at"], where: "status = 'available' AND remaining > 0" },
  ])
  .checks([
    // Only a reversal that found nothing to take back is zero (it records a shortfall).
    { name: "loyalty_transaction_points_not_zero", expression: "points <> 0 OR type = 'reversal'" },
    {
      name: "loyalty_transaction_remaining_within_lot",
      expression: "remaining IS NULL OR (points > 0 AND remaining >= 0 AND remaining <= points)",
    },
    {
      name: "loyalty_transaction_unsettled_within_debit",
      expression: "unsettled IS NULL OR (points < 0 AND unsettled >= 0 AND unsettled <= -points)",
    },
  ])
