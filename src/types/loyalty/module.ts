import type { BaseFilterable, OperatorMap } from "@medusajs/framework/types"

/**
 * The loyalty module's records and the inputs of its operations, as its
 * service (ILoyaltyModuleService, ./service.ts) takes and returns them.
 * Points are whole numbers of points; money never appears here.
 */

export type CreditType = "earn" | "bonus" | "referral" | "adjust" | "restore"
export type DebitType = "redeem" | "adjust" | "reversal" | "expire"
export type TransactionType = CreditType | DebitType

/**
 * A customer's account. The figures are a projection of the ledger, written
 * with its rows; only the ledger operations change them.
 */
export type LoyaltyAccountDTO = {
  id: string
  customer_id: string
  /** Available points; below zero only when a clawback found them spent. */
  balance: number
  pending: number
  /** Points held for carts. */
  reserved: number
  lifetime_earned: number
  lifetime_spent: number
  tier_id?: string | null
  referral_code?: string | null
  referred_by_account_id?: string | null
  /** "YYYY-MM-DD" or "MM-DD", set once by the shopper. */
  birthday?: string | null
  newsletter_opt_in?: boolean | null
  /** The shopper turned loyalty messages off. */
  notifications_opt_out?: boolean
  /** The shopper's last earning or spending, for inactivity expiry. */
  last_activity_at?: Date | null
  inactivity_warned_at?: Date | null
  winback_sent_at?: Date | null
  /** Keyed hash of the IP and user agent of the shopper's last loyalty request (never the IP). */
  device_hash?: string | null
  device_seen_at?: Date | null
  /** The holdout draw: true held out (earns and sees nothing), false drawn and enrolled, null not drawn. */
  holdout?: boolean | null
  metadata?: Record<string, unknown> | null
  created_at?: Date
  updated_at?: Date
}

/**
 * One ledger row. A credit (points > 0) is a lot: `remaining` is what is
 * still unspent. A debit (points < 0) records in `unsettled` the part no lot
 * could cover. `reference` is the lot a reversal or expiry acts on.
 */
export type LoyaltyTransactionDTO = {
  id: string
  account_id: string
  type: TransactionType
  points: number
  status: "pending" | "available" | "void"
  remaining: number | null
  unsettled: number | null
  available_at: Date | null
  expires_at: Date | null
  order_id: string | null
  reference: string | null
  reason: string | null
  created_by: string | null
  idempotency_key: string
  details: Record<string, unknown> | null
  created_at: Date
  /** Set when an idempotency key found this row already written: nothing new happened. */
  replayed?: true
}

/** Points held for one cart until its order commits them or the hold is released. */
export type LoyaltyReservationDTO = {
  id: string
  account_id: string
  cart_id: string
  points: number
  /** The lots the held points come from, first-expiring first. */
  lots: { lot_id: string; points: number }[]
  promotion_id: string | null
  status: "active" | "committed" | "released"
  expires_at: Date
  order_id: string | null
}

/** What a shopper sets on their own account. */
export type AccountProfile = { birthday: string | null; newsletter_opt_in: boolean | null; notifications_opt_out: boolean }

/** An account's own figures, as every read of it gives them. */
export type AccountFigures = {
  id: string
  customer_id: string
  balance: number
  pending: number
  reserved: number
  lifetime_earned: number
  lifetime_spent: number
  tier_id: string | null
}

/** An account as the members export reads it (src/modules/loyalty/ledger/exports.ts). */
export type ExportedMember = AccountFigures & {
  last_activity_at: Date | null
  created_at: Date
}

/** A ledger row as the ledger export reads it. */
export type ExportedLedgerRow = {
  id: string
  account_id: string
  customer_id: string
  type: string
  points: number
  status: string
  remaining: number | null
  available_at: Date | null
  expires_at: Date | null
  order_id: string | null
  reason: string | null
  reference: string | null
  created_by: string | null
  created_at: Date
  /** created_at to the microsecond, for the next page's cursor. */
  cursor_created_at: string
}

/** Where the next page of the ledger export starts: the last row of the page before (created_at as the database wrote it). */
export type LedgerExportCursor = { account_id: string; created_at: string; id: string }

/** A customer's account as the account pages show it, read in one statement. */
export type AccountSnapshotDTO = AccountFigures & {
  /** Order points in the tier window. */
  tier_points: number
  referral_code: string | null
  birthday: string | null
  newsletter_opt_in: boolean | null
  notifications_opt_out: boolean
  expiring: { points: number; expires_at: Date }[]
}

type Common = {
  reason?: string | null
  order_id?: string | null
  reference?: string | null
  created_by?: string | null
  details?: Record<string, unknown> | null
  /** One operation per key, forever: a repeat returns the first row (replayed) and writes nothing. */
  idempotency_key: string
}

/**
 * An event to announce a new row with, written to the outbox in the row's transaction (so a
 * failure after the write cannot lose it, and a replay of the key cannot send it twice).
 */
type Announced = { event?: string }

export type CreditInput = Common & Announced & {
  customer_id: string
  type: CreditType
  points: number
  status: "pending" | "available"
  available_at?: Date | null
  expires_at?: Date | null
}

/** A credit cut to what fits under `max_balance` (balance plus pending; null: no limit). */
export type CappedCreditInput = CreditInput & { max_balance: number | null }

export type DebitInput = Common & {
  customer_id: string
  type: "redeem" | "adjust"
  points: number
}

/** A signed manual correction: a positive `points` credits a lot, a negative one debits. */
export type AdjustInput = Common & {
  customer_id: string
  points: number
  reason: string
  expires_at?: Date | null
}

/**
 * Takes back `points` of a credit lot, or, with `keep_points`, whatever the
 * lot holds beyond that (never giving any back): the form order clawbacks use,
 * so that events arriving late or out of order cannot take too much.
 * `event` is written to the outbox with the reversal (not with a replay).
 */
export type ReverseInput = Common & Announced & {
  transaction_id: string
} & ({ points: number; keep_points?: never } | { keep_points: number; points?: never })

/** Gives back points spent on an order beyond what the order still keeps spent. */
export type RestoreSpentInput = Common & Announced & {
  order_id: string
  keep_spent_points: number
}

/**
 * Brings what an order's earn lots hold to `target_points`, what its items
 * earn now: reverses the excess (the newest lots first) or credits what the
 * target adds beyond what the order was entitled to, as a further lot.
 */
export type SettleOrderEarningInput = {
  order_id: string
  target_points: number
  reason: string
  /** The order's own earn key: a further lot takes `<key>:<n>`, the n-th earn lot of the order. */
  earn_key: string
  /** A further lot: pending or available, its timing, its details, cut to max_balance. */
  credit: Pick<CreditInput, "status" | "available_at" | "expires_at" | "details" | "event"> & { max_balance: number | null }
  /** Announces the points reversed now (their sum, once per settlement), in its transaction. */
  reversed_event?: string
}

export type OrderEarningSettlement = {
  account_id: string
  /** The lot a rise credited now (null when none or when it was there already). */
  credited: LoyaltyTransactionDTO | null
  /** Points reversed now (positive). */
  reversed: number
}

export type ReserveInput = {
  customer_id: string
  cart_id: string
  points: number
  expires_at: Date
  promotion_id?: string | null
}

export type CommitReservationInput = {
  cart_id: string
  order_id: string
  /** The points the order's discount is worth, when less than the hold (the rest is released). */
  points?: number
  /** Announces the redeem row, in its transaction. */
  event?: string
}

/**
 * A bonus lot, available now: `points` is what the program grants, cut to
 * what fits under `max_balance` (null: no limit).
 */
export type BonusCreditInput = Omit<CreditInput, "type" | "status"> & {
  bonus: string
  max_balance: number | null
  /** Available now unless it comes from an order: then pending for the return window like the order's points. */
  status?: CreditInput["status"]
}

/**
 * One party's referral reward for a referee's order: a `referral` lot in that
 * party's account (the referrer's or the referee's), referenced
 * `referral:<referral id>`, pending with the order's points.
 */
export type ReferralRewardInput = {
  referral_id: string
  order_id: string
  party: "referrer" | "referee"
  points: number
  status: CreditInput["status"]
  available_at: Date | null
  expires_at: Date | null
  max_balance: number | null
  /** Rewarded referrals a referrer may have per month (null: no cap), counted by `reward_month`. */
  monthly_cap: number | null
  /** The store's calendar month of the reward, e.g. "2026-12". */
  reward_month: string
  /** How the points were worked out (see ReferralRewardTerms), and the other party's masked name. */
  details: Record<string, unknown>
  reason: string
  idempotency_key: string
}

/** The reward lot, or why none was credited: the referral waits for review or pays no more, the cap, max_balance. */
export type ReferralRewardResult =
  | { lot: LoyaltyTransactionDTO; withheld?: never }
  | { withheld: "flagged" | "rejected" | "unbound" | "monthly_cap" | "max_balance" | "holdout"; lot?: never }

/** What the ledger says about one achievement threshold of an account. */
export type AchievementAward = {
  currency_code: string
  /** The threshold, as a plain decimal. */
  spend: string
  /** How many times it was awarded, reversed ones included. */
  awards: number
  /** The points of the latest award still standing. */
  held_points: number
  latest_id: string
}

export type TierRecomputation = { account_id: string; tier_id: string | null; changed: boolean }

// ---------------------------------------------------------------- batch jobs

/** A batch's accounts: the first `limit` after `after` (and, given `until`, up to it). */
export type BatchCursor = {
  after: string | null
  until?: string | null
  limit: number
  /** Wait for accounts another transaction holds instead of skipping them (a job's last sweep). */
  wait_for_locks?: boolean
}

/** What one batch of a job did, and where the next batch starts (null: nothing left). */
export type BatchResult = {
  next_after: string | null
  /** Accounts another transaction held: swept again at the end of the run. */
  skipped: number
  lots: number
  points: number
  accounts: number
}

export type ExpiryMoment = {
  now: Date
  /** With inactivity expiry on: who has not earned or spent since this moment loses all points. */
  inactive_before?: Date | null
  /** When inactivity expiry was switched on: activity counts from here at the earliest. */
  active_since?: Date | null
}

export type ExpireBatchInput = BatchCursor & ExpiryMoment & { phase: "lots" | "inactivity" }

/** A birthday bonus for every account celebrating on one of `celebrated` ("MM-DD") of `year`. */
export type BirthdayBatchInput = {
  celebrated: string[]
  year: number
  points: number
  expires_at: Date | null
  max_balance: number | null
  reason: string
}

/** The win-back job's batch: shoppers quiet since before `quiet_before` hear from the store, with the bonus if any. */
export type WinbackBatchInput = {
  now: Date
  quiet_before: Date
  winback_days: number
  bonus: { points: number; expires_at: Date | null } | null
  max_balance: number | null
}

export type WarnExpiringInput = {
  now: Date
  until: Date
  limit: number
  /** Start after this account id (id order); from the first when left out. */
  after?: string | null
}

export type WarnInactiveInput = {
  now: Date
  warn_before: Date
  inactive_before: Date
  active_since: Date
  inactivity_days: number
  after: string | null
  limit: number
}

/** One event the ledger wrote in the transaction of the rows it announces, waiting to be emitted. */
export type OutboxEvent = { id: string; name: string; data: Record<string, unknown> }

// ---------------------------------------------------------------- ledger health

/** A cached figure of an account that differs from what its ledger says. */
export type AccountDiscrepancy = {
  account_id: string
  field: string
  expected: number
  actual: number
}

export type LedgerCheckTrigger = "schedule" | "admin"

/** An account whose cached figures differ from its ledger, and how. */
export type DriftedAccount = {
  account_id: string
  customer_id: string
  differences: Omit<AccountDiscrepancy, "account_id">[]
}

/** One run of the ledger check: its progress while it goes, its result after. */
export type LedgerCheck = {
  id: string
  status: "running" | "completed" | "failed"
  trigger: LedgerCheckTrigger
  started_at: Date
  finished_at: Date | null
  last_account_id: string | null
  accounts_checked: number
  accounts_drifted: number
  drifted: DriftedAccount[]
  error: string | null
  updated_at: Date
}

// ---------------------------------------------------------------- filters of the generated reads

type StringFilter = string | string[] | OperatorMap<string>
type DateFilter = OperatorMap<Date | string> | Date | string | null

export interface FilterableLoyaltyAccountProps extends BaseFilterable<FilterableLoyaltyAccountProps> {
  id?: StringFilter
  customer_id?: StringFilter
  tier_id?: StringFilter | null
  referral_code?: StringFilter | null
}

export interface FilterableLoyaltyTransactionProps extends BaseFilterable<FilterableLoyaltyTransactionProps> {
  id?: StringFilter
  account_id?: StringFilter
  type?: TransactionType | TransactionType[] | OperatorMap<TransactionType>
  status?: LoyaltyTransactionDTO["status"] | LoyaltyTransactionDTO["status"][]
  order_id?: StringFilter | null
  reference?: StringFilter | null
  idempotency_key?: StringFilter
  expires_at?: DateFilter
  created_at?: DateFilter
}

export interface FilterableLoyaltyReservationProps extends BaseFilterable<FilterableLoyaltyReservationProps> {
  id?: StringFilter
  account_id?: StringFilter
  cart_id?: StringFilter
  order_id?: StringFilter | null
  status?: LoyaltyReservationDTO["status"] | LoyaltyReservationDTO["status"][]
  expires_at?: DateFilter
}

export interface FilterableLoyaltyLedgerCheckProps extends BaseFilterable<FilterableLoyaltyLedgerCheckProps> {
  id?: StringFilter
  status?: LedgerCheck["status"] | LedgerCheck["status"][]
}

/** Whose a referral code is: `current` false for a code the shopper replaced with their own. */
export type ReferralCodeOwner = { account_id: string; customer_id: string; code: string; current: boolean }

export type ReferralSource = "code" | "coupon" | "site"
export type ReferralStatus = "bound" | "flagged" | "rejected" | "unbound"

/** A referee bound to their referrer (one per referee, for good). */
export type LoyaltyReferralDTO = {
  id: string
  referee_account_id: string
  referrer_account_id: string
  source: ReferralSource
  code: string | null
  status: ReferralStatus
  bound_at: Date
  flag_reason: string | null
  flagged_at: Date | null
  review_deadline_at: Date | null
  reviewed_at: Date | null
  reviewed_by: string | null
  review_note: string | null
  metadata: Record<string, unknown> | null
}

export type ReferralRefusalReason =
  | "unknown_code"
  | "self_referral"
  | "already_referred"
  | "referral_loop"
  | "existing_customer"
  | "same_email"
  | "same_phone"
  | "same_address"
  | "disposable_email"
  | "monthly_cap"

/** What the anti-fraud checks compare of a shopper (read from Medusa's customer, addresses and orders). */
export type ReferralPartyFacts = {
  customer_id: string
  email: string | null
  /** The customer's phone and the phones of their addresses. */
  phones: (string | null)[]
  /** Saved addresses and the shipping addresses of past orders. */
  addresses: { address_1: string | null; postal_code: string | null; country_code: string | null }[]
}

export type BindReferralInput = {
  referee_customer_id: string
  /** The referrer's code (source code or coupon); or, for a referring site, the site owner's account below. */
  code?: string | null
  referrer_account_id?: string | null
  source: ReferralSource
  /** Kept on the binding: for a site, the site and visit that bound it. */
  metadata?: Record<string, unknown> | null
  /** Whether the referee already placed an order (read from Medusa's orders by the caller). */
  has_orders: boolean
  /**
   * Both shoppers as Medusa knows them, for the same e-mail / phone / address and disposable
   * e-mail checks; without them those checks are skipped (the referrer's are used only when
   * they are the code owner's).
   */
  referee?: ReferralPartyFacts
  referrer?: ReferralPartyFacts
  /** Keyed hash of the request's IP (lib/shopper-fingerprint.ts): unknown codes are limited per address too. */
  ip_hash?: string | null
  /** Keyed hash of the request's IP and user agent: the referrer's last device flags the binding. */
  device_hash?: string | null
}

/** The binding (replayed: it existed with this referrer), or why it was refused (recorded). */
export type BindReferralResult =
  | { referral: LoyaltyReferralDTO; replayed: boolean; refused?: never }
  // too_many_attempts: codes no one has were tried too often in the last hour (not recorded again).
  | { refused: ReferralRefusalReason | "too_many_attempts"; message: string; referral?: never }

/** Why a binding waits for an admin: the referrer's device at claim, too many bindings a day, a large order. */
export type ReferralFlagReason = "same_device" | "velocity" | "large_order"

/** An admin's (or the deadline's) decision on a referral. */
export type ReferralDecision = "approve" | "reject" | "unbind"

export type ReviewReferralInput = {
  referral_id: string
  decision: ReferralDecision
  /** The admin user; null for the review deadline. */
  reviewed_by: string | null
  note?: string | null
}

/** The referral after the decision; `replayed` when it already stood so (the same request again). */
export type ReviewReferralResult = { referral: LoyaltyReferralDTO; replayed: boolean }

/** `GET /admin/loyalty/referrals` filters: a status, or those that earned the referrer a reward. */
export type ReferralQueueFilters = { status?: ReferralStatus; rewarded?: boolean }

/** A referral in the review queue, with both parties' customer ids and the referrer's reward points so far. */
export type ReferralQueueRow = LoyaltyReferralDTO & {
  referee_customer_id: string
  referrer_customer_id: string
  reward_points: number
}

/** A binding the plugin refused, kept for the store owner. */
export type LoyaltyReferralRefusalDTO = {
  id: string
  customer_id: string
  code: string | null
  referrer_account_id: string | null
  reason: ReferralRefusalReason
  created_at: Date
}

export interface FilterableLoyaltyReferralProps extends BaseFilterable<FilterableLoyaltyReferralProps> {
  id?: StringFilter
  referee_account_id?: StringFilter
  referrer_account_id?: StringFilter
  status?: ReferralStatus | ReferralStatus[]
}

export interface FilterableLoyaltyReferralRefusalProps extends BaseFilterable<FilterableLoyaltyReferralRefusalProps> {
  id?: StringFilter
  customer_id?: StringFilter
  referrer_account_id?: StringFilter | null
  reason?: ReferralRefusalReason | ReferralRefusalReason[]
}

export interface FilterableLoyaltyReferralCodeProps extends BaseFilterable<FilterableLoyaltyReferralCodeProps> {
  id?: StringFilter
  code?: StringFilter
  account_id?: StringFilter
}

export type LoyaltyReferralCodeDTO = {
  id: string
  code: string
  account_id: string
  chosen: boolean
  retired_at: Date | null
}

/** A page of a referrer's invitees, with what each brought them in points, and the totals. */
export type ReferralNetwork = {
  invitees: {
    id: string
    customer_id: string
    status: ReferralStatus
    source: ReferralSource
    bound_at: Date
    /** Why it was flagged (the store route never shows it), and when. */
    flag_reason: string | null
    flagged_at: Date | null
    points_pending: number
    points_earned: number
  }[]
  count: number
  totals: { invitees: number; points_pending: number; points_earned: number }
}

export type ReferralSiteStatus = "pending" | "verified" | "approved" | "rejected"

/** A website a referrer registered; visits from it bind to them once it is verified and approved. */
export type LoyaltyReferralSiteDTO = {
  id: string
  account_id: string
  origin: string
  token: string
  status: ReferralSiteStatus
  verified_at: Date | null
  approved_at: Date | null
  rejected_at: Date | null
  reviewed_by: string | null
  review_note: string | null
  created_at: Date
}

/** An arrival from an approved site or an external source; IP and user agent as keyed hashes only. */
export type LoyaltyReferralVisitDTO = {
  id: string
  referrer_origin: string | null
  site_id: string | null
  utm_source: string | null
  utm_medium: string | null
  utm_campaign: string | null
  ip_hash: string | null
  user_agent_hash: string | null
  created_at: Date
}

export type RecordReferralVisitInput = Omit<LoyaltyReferralVisitDTO, "id" | "site_id" | "created_at"> & {
  /** Whether the visit matches one of the program's external sources (then it is kept without a site). */
  external_source: boolean
}

export type ReviewReferralSiteInput = {
  site_id: string
  decision: "approve" | "reject"
  /** The admin user. */
  reviewed_by: string
  reason?: string | null
}

/** The module option `referral_sites` (a plugin option, not a program setting). */
export type ReferralSiteOptions = {
  /** Lets the site check fetch http and private addresses (tests, local development); off by default. */
  allow_private_origins: boolean
}

export interface FilterableLoyaltyReferralSiteProps extends BaseFilterable<FilterableLoyaltyReferralSiteProps> {
  id?: StringFilter
  account_id?: StringFilter
  origin?: StringFilter
  status?: ReferralSiteStatus | ReferralSiteStatus[]
}

/** A shopper's linked Telegram chat. */
export type LoyaltyTelegramLinkDTO = {
  id: string
  customer_id: string
  /** Telegram's chat id, as text. */
  chat_id: string
  linked_at: Date
}

/** A one-time link token as created: the token itself (only its hash is stored) and when it expires. */
export type TelegramLinkToken = { token: string; expires_at: Date }

/** What `/start <token>` did: bound the chat (again, for a redelivered update), or why not. */
export type TelegramBindResult =
  | { linked: true; customer_id: string; replayed: boolean }
  | { linked: false; reason: "unknown" | "used" | "expired" }
