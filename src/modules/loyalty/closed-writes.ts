import { MedusaError } from "@medusajs/framework/utils"

/**
 * The records only the ledger operations write, and what to call instead.
 * MedusaService generates create, update, delete, softDelete and restore
 * methods for every model; for these they would change balances, ledger rows
 * or holds around the operations that keep them consistent (DESIGN §2), so
 * the service closes them: each refuses with NOT_ALLOWED. Their reads
 * (retrieve, list, listAndCount) stay. The program settings, tiers,
 * campaigns and rules are the store owner's to edit and keep theirs.
 */
const LEDGER_RECORDS = {
  LoyaltyAccounts:
    "an account's figures follow its ledger; accounts open with getOrCreateAccount, a shopper's profile changes with updateAccountProfile",
  LoyaltyTransactions:
    "the ledger is append-only; its rows are written by credit, debit, adjust, reverse, settleOrderEarning, restoreSpent and the batch jobs",
  LoyaltyReservations: "holds change with reserve, commitReservation and releaseReservation",
  LoyaltyOutboxEvents: "the ledger writes its events with its rows and deliverEvents hands them out",
  LoyaltyLedgerChecks: "ledger checks run with startLedgerCheck, checkLedgerBatch and finishLedgerCheck",
  LoyaltyJobRuns: "job runs are recorded by completeJobRun",
  LoyaltyReferralCodes: "referral codes are given with assignReferralCode and changed with changeReferralCode",
  LoyaltyReferrals: "referees are bound with bindReferral, flagged with flagReferral and decided with reviewReferral",
  LoyaltyReferralRefusals: "bindReferral records its refusals",
  LoyaltyReferralAttempts: "bindReferral counts the unknown codes tried from an address",
  LoyaltyReferralSites: "sites are registered with registerReferralSite, verified with markReferralSiteVerified and reviewed with reviewReferralSite",
  LoyaltyReferralVisits: "visits are recorded by recordReferralVisit",
  LoyaltyTelegramLinks: "chats are linked with bindTelegramChat (a one-time token) and unlinked with unlinkTelegram",
  LoyaltyTelegramLinkTokens: "link tokens are created with createTelegramLinkToken and used by bindTelegramChat",
} as const

const WRITE_VERBS = ["create", "update", "delete", "softDelete", "restore"] as const

/** Every closed method, e.g. "updateLoyaltyTransactions", with what to use instead. */
export const CLOSED_WRITES: { method: string; instead: string }[] = Object.entries(LEDGER_RECORDS).flatMap(
  ([records, instead]) => WRITE_VERBS.map((verb) => ({ method: `${verb}${records}`, instead }))
)

/**
 * Replaces the generated writes of the ledger's records on the service class
 * with methods that refuse. Throws at load if one is not a generated method
 * (a model renamed), so none can stay open by a typo.
 */
export function closeGeneratedWrites(service: { prototype: object; name: string }) {
  for (const { method, instead } of CLOSED_WRITES) {
    if (typeof (service.prototype as Record<string, unknown>)[method] !== "function") {
      throw new Error(`${service.name} has no generated method ${method} to close`)
    }
    Object.defineProperty(service.prototype, method, {
      configurable: true,
      writable: false,
      value: async function closed() {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `${method} is not available: ${instead}.`
        )
      },
    })
  }
}
