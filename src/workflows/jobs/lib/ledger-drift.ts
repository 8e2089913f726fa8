import type { DriftedAccount } from "../../../modules/loyalty/ledger/health"

/**
 * What each checked figure is, for the log line a store owner reads. The cached figures sit
 * on the account; the rules are sums over its lots and holds (ledger/verify.ts).
 */
const FIGURE_NAMES: Record<string, string> = {
  balance: "balance",
  pending: "pending",
  reserved: "reserved",
  lifetime_earned: "lifetime earned",
  lifetime_spent: "lifetime spent",
  held_lots: "points holds take from lots",
  held_beyond_lots: "points held beyond what their lots have left",
  debt_with_open_lots: "unheld points left in lots while the account is in debt",
  spendable: "balance less reserved (no clawback)",
}

/**
 * One warning line for an account whose figures differ from its ledger: which account and
 * customer, each figure as recorded and as the ledger has it, and where to look next.
 */
export function driftLine(account: DriftedAccount) {
  const figures = account.differences
    .map(({ field, actual, expected }) => `${FIGURE_NAMES[field] ?? field} ${actual} (ledger: ${expected})`)
    .join(", ")
  return (
    `medusa-loyalty: ledger drift on account ${account.account_id} of customer ${account.customer_id}: ` +
    `${figures}; the account's figures no longer match its ledger rows (admin: Loyalty → Ledger health)`
  )
}
