import { model } from "@medusajs/framework/utils"
import type { DriftedAccount } from "../../../types/loyalty/module"

export const LEDGER_CHECK_STATUSES = ["running", "completed", "failed"] as const
export const LEDGER_CHECK_TRIGGERS = ["schedule", "admin"] as const

/**
 * One run of the ledger check (ledger/health.ts): every account's cached
 * figures recomputed from the ledger, batch by batch. The row keeps the run's
 * progress while it goes (`last_account_id`, the counts, `updated_at` as its
 * heartbeat) and its result after: how many accounts were checked, how many
 * differ and, for the first of them, which figures. Kept in the database, not
 * in memory, so every server instance answers the same last result.
 */
export const LoyaltyLedgerCheck = model
  .define("loyalty_ledger_check", {
    id: model.id({ prefix: "lychk" }).primaryKey(),
    status: model.enum([...LEDGER_CHECK_STATUSES]).default("running"),
    trigger: model.enum([...LEDGER_CHECK_TRIGGERS]),
    started_at: model.dateTime(),
    finished_at: model.dateTime().nullable(),
    last_account_id: model.text().nullable(),
    accounts_checked: model.number().default(0),
    accounts_drifted: model.number().default(0),
    // [{ account_id, customer_id, differences: [{ field, expected, actual }] }], the first LISTED_DRIFTS.
    drifted: model.json<DriftedAccount[]>().default([]),
    error: model.text().nullable(),
  })
  .indexes([
    // One run at a time: a second start finds this one instead of checking everything again.
    { name: "IDX_loyalty_ledger_check_running", on: ["status"], unique: true, where: "status = 'running'" },
    { on: ["started_at"] },
  ])
