import type { Context, FindConfig, IModuleService } from "@medusajs/framework/types"
import type { RecordKind, RecordView, TierView } from "../../modules/loyalty/program/records"
import type { ProgramSettings, ProgramSettingsPatch, TelegramOptions } from "../../modules/loyalty/program-settings"
import type {
  AccountDiscrepancy,
  AccountProfile,
  AccountSnapshotDTO,
  AchievementAward,
  AdjustInput,
  BatchCursor,
  BatchResult,
  BirthdayBatchInput,
  WinbackBatchInput,
  BonusCreditInput,
  CappedCreditInput,
  CommitReservationInput,
  CreditInput,
  DebitInput,
  DriftedAccount,
  ExpireBatchInput,
  ExportedLedgerRow,
  ExportedMember,
  LedgerExportCursor,
  FilterableLoyaltyAccountProps,
  FilterableLoyaltyLedgerCheckProps,
  FilterableLoyaltyReservationProps,
  FilterableLoyaltyTransactionProps,
  LedgerCheck,
  LedgerCheckTrigger,
  LoyaltyAccountDTO,
  LoyaltyReservationDTO,
  LoyaltyTransactionDTO,
  OrderEarningSettlement,
  OutboxEvent,
  ReferralCodeOwner,
  ReferralNetwork,
  FilterableLoyaltyReferralCodeProps,
  FilterableLoyaltyReferralProps,
  FilterableLoyaltyReferralRefusalProps,
  LoyaltyReferralCodeDTO,
  LoyaltyReferralDTO,
  LoyaltyReferralRefusalDTO,
  BindReferralInput,
  BindReferralResult,
  ReferralFlagReason,
  ReferralQueueFilters,
  ReferralQueueRow,
  ReviewReferralInput,
  ReviewReferralResult,
  FilterableLoyaltyReferralSiteProps,
  LoyaltyReferralSiteDTO,
  LoyaltyReferralVisitDTO,
  RecordReferralVisitInput,
  ReferralSiteOptions,
  ReviewReferralSiteInput,
  ReferralRewardInput,
  ReferralRewardResult,
  ReserveInput,
  RestoreSpentInput,
  ReverseInput,
  SettleOrderEarningInput,
  TierRecomputation,
  WarnExpiringInput,
  WarnInactiveInput,
  LoyaltyTelegramLinkDTO,
  TelegramBindResult,
  TelegramLinkToken,
} from "./module"

/**
 * The loyalty points module's service (registered as "loyaltyPoints"), as
 * workflows and host apps call it: `container.resolve<ILoyaltyModuleService>(LOYALTY_MODULE)`.
 *
 * The ledger is append-only: accounts, ledger rows and holds change only
 * through the operations below, each one transaction that locks the account
 * and is idempotent by its `idempotency_key`. The generated create, update,
 * delete, soft-delete and restore methods of those records are not part of
 * this interface and refuse to run (see src/modules/loyalty/closed-writes.ts);
 * their generated reads are.
 *
 * Every method takes Medusa's shared context last, to join the caller's transaction.
 */
export interface ILoyaltyModuleService extends IModuleService {
  // ---------------------------------------------------------------- program settings and records

  /** The program settings: the stored row over the plugin options' defaults. */
  getProgramSettings(sharedContext?: Context): Promise<ProgramSettings>

  /** Saves a partial change; a map given (point_values, a bonus) replaces the stored one. */
  updateProgramSettings(patch: ProgramSettingsPatch, sharedContext?: Context): Promise<ProgramSettings>

  /** When inactivity expiry counts activity from (the moment it was switched on); null when it is off. */
  inactivityActiveSince(sharedContext?: Context): Promise<Date | null>

  /** Tiers (by threshold), campaigns (newest first) or earning rules. */
  listRecords<K extends RecordKind>(kind: K, filters?: Record<string, unknown>, sharedContext?: Context): Promise<RecordView[K][]>

  /** One tier, campaign or rule; NOT_FOUND when there is none with `id`. */
  retrieveRecord<K extends RecordKind>(kind: K, id: string, sharedContext?: Context): Promise<RecordView[K]>

  /** Creates a record, or changes the one with `id`, after checking it against the others of its kind. */
  saveRecord<K extends RecordKind>(
    kind: K,
    input: { id?: string; data: Partial<RecordView[K]> },
    sharedContext?: Context
  ): Promise<RecordView[K]>

  /** Deletes a record and returns it as it was. */
  deleteRecord<K extends RecordKind>(kind: K, id: string, sharedContext?: Context): Promise<RecordView[K]>

  // ---------------------------------------------------------------- accounts

  /** The customer's account, created with zero figures if there is none. */
  /** The account, created when missing with its holdout draw (`signed_up_at`: the customer's created_at). */
  getOrCreateAccount(customerId: string, options?: { signed_up_at?: Date }, sharedContext?: Context): Promise<LoyaltyAccountDTO>
  /** The holdout's share in percent and when it was switched on (null when off). */
  holdoutSetting(sharedContext?: Context): Promise<{ percent: number; active_since: Date | null }>

  /** Deletes an account nothing has used yet (undoing its creation); false when it was used. */
  deleteUnusedAccount(accountId: string, sharedContext?: Context): Promise<boolean>

  /**
   * Saves what the shopper sets on their account (the birthday once, the
   * newsletter choice); returns the profile before and after.
   */
  updateAccountProfile(
    customerId: string,
    changes: Partial<AccountProfile>,
    sharedContext?: Context
  ): Promise<{ account_id: string; before: AccountProfile; after: AccountProfile }>

  /** Puts a profile back as it was (compensation of updateAccountProfile). */
  restoreAccountProfile(accountId: string, profile: AccountProfile, sharedContext?: Context): Promise<void>

  // ---------------------------------------------------------------- referral codes

  /**
   * Gives the customer's account its first referral code, `candidate`, under the account's lock:
   * the account's code when it already has one, null when another shopper has `candidate`.
   */
  assignReferralCode(customerId: string, candidate: string, sharedContext?: Context): Promise<string | null>

  /**
   * Replaces the shopper's code with one they chose (VANITY_CODE_RULE), once; the old code stays
   * theirs. INVALID_DATA for a bad shape, NOT_ALLOWED for a second change, DUPLICATE_ERROR when taken.
   */
  changeReferralCode(customerId: string, code: string, sharedContext?: Context): Promise<string>

  /** Whose referral code this is (current or replaced, any case); null for no one's. */
  findReferralCodeOwner(code: string, sharedContext?: Context): Promise<ReferralCodeOwner | null>

  /**
   * Binds the referee to the owner of `code`, once and for good (the first binding wins; the
   * same one again replays), with `loyalty.referral_bound` in the outbox. A refusal (unknown
   * code, self-referral, already referred, a loop, an existing customer, the referrer's e-mail,
   * phone or address, a disposable e-mail, the monthly cap) is recorded and returned; guessing
   * (per shopper or per IP hash) is refused unrecorded. A binding from the referrer's device or
   * past the daily velocity is kept `flagged` with `loyalty.referral_flagged`.
   */
  bindReferral(input: BindReferralInput, sharedContext?: Context): Promise<BindReferralResult>

  /**
   * Puts a bound referral on hold for an admin (its rewards wait) with `reason`, a review
   * deadline `referrals.review_deadline_days` away and `loyalty.referral_flagged` in the outbox.
   * Null for no such referral; `flagged: false` when it is not bound or was decided already
   * (a flagged, rejected, unbound or reviewed one stays as it is, so a repeat changes nothing).
   */
  flagReferral(
    referralId: string,
    reason: ReferralFlagReason,
    sharedContext?: Context
  ): Promise<{ referral: LoyaltyReferralDTO; flagged: boolean } | null>

  /**
   * An admin's decision: approve a flagged referral (bound), reject one (rejected), unbind a
   * bound or flagged one (unbound: future rewards stop, past ledger rows stay). The same
   * decision again replays; any other change of status is refused with NOT_ALLOWED.
   */
  reviewReferral(input: ReviewReferralInput, sharedContext?: Context): Promise<ReviewReferralResult>

  /**
   * Applies `referrals.review_default` to up to `limit` flagged referrals past their deadline
   * (reviewed_by null), skipping rows another run holds, so two runs at once decide each once.
   */
  decideOverdueReferrals(
    input: { limit: number; now?: Date },
    sharedContext?: Context
  ): Promise<{ decision: "approve" | "reject"; referral_ids: string[] }>

  /** Forgets unknown referral codes tried more than a day ago (the per-address claim limit looks back an hour). */
  pruneReferralAttempts(sharedContext?: Context): Promise<number>

  /** Forgets up to `limit` referral visits too old to bind anyone (30 days), oldest first; how many. */
  pruneReferralVisits(limit: number, sharedContext?: Context): Promise<number>

  /** A page of referrals for the review queue, newest binding first, and how many match. */
  listReferralQueue(
    filters: ReferralQueueFilters,
    page: { skip: number; take: number },
    sharedContext?: Context
  ): Promise<{ referrals: ReferralQueueRow[]; count: number }>

  /** Records the keyed hash of the shopper's device when it changed (opening their account if need be); false when it had not. */
  recordShopperDevice(customerId: string, deviceHash: string, sharedContext?: Context): Promise<boolean>

  /**
   * Credits one party's referral reward for a referee's order (a `referral` lot referenced
   * `referral:<id>`, with `loyalty.referral_rewarded` in the outbox), once per key. Nothing
   * while the referral is flagged, rejected or unbound, past the referrer's monthly cap, or
   * when max_balance leaves no room: the result says which.
   */
  creditReferralReward(input: ReferralRewardInput, sharedContext?: Context): Promise<ReferralRewardResult>

  /** The referral reward rows a referee's order brought either party, for its settlement. */
  listReferralRewardsOfOrder(orderId: string, sharedContext?: Context): Promise<LoyaltyTransactionDTO[]>

  /** A page of the shopper's invitees (newest binding first) with the points each brought them so far, and the totals. */
  retrieveReferralNetwork(customerId: string, page: { skip: number; take: number }, sharedContext?: Context): Promise<ReferralNetwork>

  // ---------------------------------------------------------------- referring sites and visits

  /** The module option `referral_sites`: whether the site check may fetch http and private addresses. */
  getReferralSiteOptions(): ReferralSiteOptions

  /**
   * Registers a site origin (normalized) for the shopper with a new token, once per origin.
   * DUPLICATE_ERROR when another shopper holds it verified; NOT_ALLOWED past the per-shopper limit.
   */
  registerReferralSite(customerId: string, origin: string, sharedContext?: Context): Promise<LoyaltyReferralSiteDTO>

  /** The shopper's own site to check; NOT_FOUND for another's, NOT_ALLOWED for a rejected one. */
  retrieveOwnReferralSite(customerId: string, siteId: string, sharedContext?: Context): Promise<LoyaltyReferralSiteDTO>

  /** The token was found on the site: pending → verified. DUPLICATE_ERROR when another shopper verified the origin first. */
  markReferralSiteVerified(customerId: string, siteId: string, sharedContext?: Context): Promise<LoyaltyReferralSiteDTO>

  /** Puts a site verified by markReferralSiteVerified back to pending (its compensation). */
  unmarkReferralSiteVerified(siteId: string, sharedContext?: Context): Promise<void>

  /** An admin approves a verified site or rejects one with a reason; the same decision again replays. */
  reviewReferralSite(input: ReviewReferralSiteInput, sharedContext?: Context): Promise<LoyaltyReferralSiteDTO>

  /** The shopper's sites, newest first. */
  listReferralSitesOfCustomer(customerId: string, sharedContext?: Context): Promise<LoyaltyReferralSiteDTO[]>

  /**
   * Records a visit from an approved site or an external source (null, nothing written, for
   * any other); NOT_ALLOWED when the visitor's address recorded too many visits lately.
   */
  recordReferralVisit(input: RecordReferralVisitInput, sharedContext?: Context): Promise<LoyaltyReferralVisitDTO | null>

  /** A visit young enough to bind, with the account of its site's owner while the site is approved. */
  retrieveReferralVisit(
    visitId: string,
    sharedContext?: Context
  ): Promise<(LoyaltyReferralVisitDTO & { site_account_id: string | null }) | null>

  listAndCountLoyaltyReferralSites(
    filters?: FilterableLoyaltyReferralSiteProps,
    config?: FindConfig<LoyaltyReferralSiteDTO>,
    sharedContext?: Context
  ): Promise<[LoyaltyReferralSiteDTO[], number]>

  /**
   * A customer's account with its next `expiringShown` expiring lots and its tier points, the
   * tiers, and the storefront URL referral links point to.
   */
  retrieveAccountSnapshot(
    customerId: string,
    expiringShown: number,
    sharedContext?: Context
  ): Promise<{ account: AccountSnapshotDTO | undefined; tiers: TierView[]; storefront_url: string | null }>

  // ---------------------------------------------------------------- ledger operations

  /** Adds a lot: available now (paying any debt first) or pending until released. */
  credit(input: CreditInput, sharedContext?: Context): Promise<LoyaltyTransactionDTO>

  /** A credit cut to what fits under `max_balance`, decided under the account lock; null when nothing fits. */
  creditUpTo(input: CappedCreditInput, sharedContext?: Context): Promise<LoyaltyTransactionDTO | null>

  /** A bonus lot cut to max_balance, with its `loyalty.bonus_granted` event; null when nothing fits. */
  creditBonus(input: BonusCreditInput, sharedContext?: Context): Promise<LoyaltyTransactionDTO | null>

  /** Spends available points, soonest-expiring lot first; never overdraws. */
  debit(input: DebitInput, sharedContext?: Context): Promise<LoyaltyTransactionDTO>

  /** A signed manual correction: credits a lot or debits without overdrawing. */
  adjust(input: AdjustInput, sharedContext?: Context): Promise<LoyaltyTransactionDTO>

  /** Takes back (part of) a credit lot; null when nothing is left to take. */
  reverse(input: ReverseInput, sharedContext?: Context): Promise<LoyaltyTransactionDTO | null>

  /** Brings an order's earned points to what its items earn now; null for an order that never earned. */
  settleOrderEarning(input: SettleOrderEarningInput, sharedContext?: Context): Promise<OrderEarningSettlement | null>

  /** Gives back points spent on an order beyond what it keeps spent; null when there is nothing to give. */
  restoreSpent(input: RestoreSpentInput, sharedContext?: Context): Promise<LoyaltyTransactionDTO | null>

  /** Points redeemed on an order, before any restore. */
  pointsRedeemedOnOrder(orderId: string, sharedContext?: Context): Promise<number>

  /** The achievement thresholds an account was awarded, from its ledger. */
  achievementRecords(accountId: string, sharedContext?: Context): Promise<AchievementAward[]>

  /** Moves a customer's account to the tier its window reaches; null when the customer has no account. */
  recomputeTier(customerId: string, now?: Date, sharedContext?: Context): Promise<TierRecomputation | null>

  // ---------------------------------------------------------------- cart holds

  /** Holds points for a cart; a second call for the cart replaces the amount. */
  reserve(input: ReserveInput, sharedContext?: Context): Promise<LoyaltyReservationDTO>

  /** Turns a cart's hold into a redeem debit for its order, exactly once. */
  commitReservation(
    input: CommitReservationInput,
    sharedContext?: Context
  ): Promise<{ reservation: LoyaltyReservationDTO; transaction: LoyaltyTransactionDTO | null } | null>

  /** Gives a cart's held points back; null when nothing is held. */
  releaseReservation(cartId: string, sharedContext?: Context): Promise<LoyaltyReservationDTO | null>

  // ---------------------------------------------------------------- batch jobs (src/jobs)

  /** One batch of the pending-release job. */
  releaseDueBatch(input: BatchCursor & { now?: Date }, sharedContext?: Context): Promise<BatchResult>

  /** One batch of the expiry job: due lots, or in the inactivity phase inactive accounts. */
  expireDueBatch(input: ExpireBatchInput, sharedContext?: Context): Promise<BatchResult>

  /** Account ids that split the accounts into `parts` ranges of about equal size. */
  accountRangeBounds(parts: number, sharedContext?: Context): Promise<string[]>

  /**
   * One batch of `loyalty.points_expiring` warnings for lots expiring by `until`, over the next
   * accounts after `after`; `next_after` is where the next batch starts (null: none left).
   */
  warnExpiringBatch(
    input: WarnExpiringInput,
    sharedContext?: Context
  ): Promise<{ lots: number; accounts: number; next_after: string | null }>

  /** One batch of inactivity warnings. */
  warnInactiveBatch(
    input: WarnInactiveInput,
    sharedContext?: Context
  ): Promise<{ accounts: number; last_account_id: string | null }>

  /** One batch of the birthday job. */
  grantBirthdayBatch(input: BirthdayBatchInput & BatchCursor, sharedContext?: Context): Promise<BatchResult>

  /** One batch of the win-back job. */
  winbackBatch(input: WinbackBatchInput & BatchCursor, sharedContext?: Context): Promise<BatchResult>

  /** One batch of the daily tier recompute. */
  recomputeTiersBatch(input: BatchCursor & { now?: Date }, sharedContext?: Context): Promise<BatchResult>

  /** The local date ("YYYY-MM-DD") of the job's last run that finished every account; null before the first. */
  retrieveJobLastCompletedOn(name: string, sharedContext?: Context): Promise<string | null>

  /** Records a run of the job that finished every account on `on`; the date only moves forward. */
  completeJobRun(name: string, on: string, sharedContext?: Context): Promise<string>

  /** Hands up to `limit` events the ledger wrote to `send` and forgets them once it returns; how many it sent. */
  deliverEvents(limit: number, send: (events: OutboxEvent[]) => Promise<void>, sharedContext?: Context): Promise<number>

  // ---------------------------------------------------------------- exports and ledger health

  /** A page of the members export: accounts after `after`, in id order. */
  exportMembersPage(after: string | null, limit: number, sharedContext?: Context): Promise<ExportedMember[]>

  /** A page of the ledger export: rows written in [from, to) after `after`, by account, then time. */
  exportLedgerPage(
    input: { from: Date; to: Date; after: LedgerExportCursor | null; limit: number },
    sharedContext?: Context
  ): Promise<ExportedLedgerRow[]>

  /** How many rows the members export (no period) or the ledger export of a period holds. */
  countExportRows(period?: { from: Date; to: Date }, sharedContext?: Context): Promise<number>

  /** Recomputes every figure of the given (or all) accounts from the ledger; the differences. */
  verifyAccounts(accountIds?: string[], sharedContext?: Context): Promise<AccountDiscrepancy[]>

  /** Starts a ledger check, or returns the one running (started: false). */
  startLedgerCheck(trigger: LedgerCheckTrigger, sharedContext?: Context): Promise<{ check: LedgerCheck; started: boolean }>

  /** One batch of a ledger check. */
  checkLedgerBatch(
    input: { check_id: string; after: string | null; limit: number },
    sharedContext?: Context
  ): Promise<{ next_after: string | null; checked: number; drifted: DriftedAccount[]; stopped: boolean }>

  /** Ends a running ledger check: completed, or failed with `error`. */
  finishLedgerCheck(checkId: string, error?: string | null, sharedContext?: Context): Promise<LedgerCheck | null>

  /** The last ledger check that ended and the one running now. */
  retrieveLedgerHealth(sharedContext?: Context): Promise<{ last_check: LedgerCheck | null; running_check: LedgerCheck | null }>

  // ---------------------------------------------------------------- Telegram

  /** The module option `telegram`: the bot's token, username, webhook secret and API address; null when the store has no bot. */
  getTelegramOptions(): TelegramOptions | null

  /** A new one-time link token for the shopper, valid ttlMinutes; their unused tokens stop working. Only its hash is stored. */
  createTelegramLinkToken(customerId: string, ttlMinutes: number, sharedContext?: Context): Promise<TelegramLinkToken>

  /**
   * Binds the chat that sent `/start <token>` to the token's shopper once (unlinking their earlier
   * chat and the chat's earlier shopper); an unknown, used or expired token binds nothing. The same
   * chat with the same token again answers linked (replayed) and changes nothing.
   */
  bindTelegramChat(token: string, chatId: string, sharedContext?: Context): Promise<TelegramBindResult>

  /** Removes the shopper's or the chat's link; the link as it was, null when there was none. */
  unlinkTelegram(by: { customer_id: string } | { chat_id: string }, sharedContext?: Context): Promise<LoyaltyTelegramLinkDTO | null>

  /** Puts an unlinked chat back (compensation), unless the shopper or the chat was linked since. */
  restoreTelegramLink(link: LoyaltyTelegramLinkDTO, sharedContext?: Context): Promise<void>

  /** The shopper's or the chat's link; null when there is none. */
  retrieveTelegramLink(by: { customer_id: string } | { chat_id: string }, sharedContext?: Context): Promise<LoyaltyTelegramLinkDTO | null>

  // ---------------------------------------------------------------- generated reads

  retrieveLoyaltyAccount(id: string, config?: FindConfig<LoyaltyAccountDTO>, sharedContext?: Context): Promise<LoyaltyAccountDTO>
  listLoyaltyAccounts(
    filters?: FilterableLoyaltyAccountProps,
    config?: FindConfig<LoyaltyAccountDTO>,
    sharedContext?: Context
  ): Promise<LoyaltyAccountDTO[]>
  listAndCountLoyaltyAccounts(
    filters?: FilterableLoyaltyAccountProps,
    config?: FindConfig<LoyaltyAccountDTO>,
    sharedContext?: Context
  ): Promise<[LoyaltyAccountDTO[], number]>

  retrieveLoyaltyTransaction(
    id: string,
    config?: FindConfig<LoyaltyTransactionDTO>,
    sharedContext?: Context
  ): Promise<LoyaltyTransactionDTO>
  listLoyaltyTransactions(
    filters?: FilterableLoyaltyTransactionProps,
    config?: FindConfig<LoyaltyTransactionDTO>,
    sharedContext?: Context
  ): Promise<LoyaltyTransactionDTO[]>
  listAndCountLoyaltyTransactions(
    filters?: FilterableLoyaltyTransactionProps,
    config?: FindConfig<LoyaltyTransactionDTO>,
    sharedContext?: Context
  ): Promise<[LoyaltyTransactionDTO[], number]>

  retrieveLoyaltyReservation(
    id: string,
    config?: FindConfig<LoyaltyReservationDTO>,
    sharedContext?: Context
  ): Promise<LoyaltyReservationDTO>
  listLoyaltyReservations(
    filters?: FilterableLoyaltyReservationProps,
    config?: FindConfig<LoyaltyReservationDTO>,
    sharedContext?: Context
  ): Promise<LoyaltyReservationDTO[]>
  listAndCountLoyaltyReservations(
    filters?: FilterableLoyaltyReservationProps,
    config?: FindConfig<LoyaltyReservationDTO>,
    sharedContext?: Context
  ): Promise<[LoyaltyReservationDTO[], number]>

  listLoyaltyReferrals(
    filters?: FilterableLoyaltyReferralProps,
    config?: FindConfig<LoyaltyReferralDTO>,
    sharedContext?: Context
  ): Promise<LoyaltyReferralDTO[]>
  listAndCountLoyaltyReferrals(
    filters?: FilterableLoyaltyReferralProps,
    config?: FindConfig<LoyaltyReferralDTO>,
    sharedContext?: Context
  ): Promise<[LoyaltyReferralDTO[], number]>
  listLoyaltyReferralRefusals(
    filters?: FilterableLoyaltyReferralRefusalProps,
    config?: FindConfig<LoyaltyReferralRefusalDTO>,
    sharedContext?: Context
  ): Promise<LoyaltyReferralRefusalDTO[]>
  listAndCountLoyaltyReferralRefusals(
    filters?: FilterableLoyaltyReferralRefusalProps,
    config?: FindConfig<LoyaltyReferralRefusalDTO>,
    sharedContext?: Context
  ): Promise<[LoyaltyReferralRefusalDTO[], number]>
  listLoyaltyReferralCodes(
    filters?: FilterableLoyaltyReferralCodeProps,
    config?: FindConfig<LoyaltyReferralCodeDTO>,
    sharedContext?: Context
  ): Promise<LoyaltyReferralCodeDTO[]>

  retrieveLoyaltyLedgerCheck(id: string, config?: FindConfig<LedgerCheck>, sharedContext?: Context): Promise<LedgerCheck>
  listLoyaltyLedgerChecks(
    filters?: FilterableLoyaltyLedgerCheckProps,
    config?: FindConfig<LedgerCheck>,
    sharedContext?: Context
  ): Promise<LedgerCheck[]>
}
