import type { Context } from "@medusajs/framework/types"
import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import type {
  BatchCursor,
  BindReferralInput,
  BatchResult,
  LoyaltyReferralDTO,
  ReferralFlagReason,
  ReferralQueueFilters,
  ReviewReferralInput,
  ReferralRewardInput,
  CappedCreditInput,
  ExpireBatchInput,
  ILoyaltyModuleService,
  RecordReferralVisitInput,
  ReferralSiteOptions,
  ReviewReferralSiteInput,
  WarnExpiringInput,
  WarnInactiveInput,
  LoyaltyTelegramLinkDTO,
} from "../../types/loyalty"
import { accountRangeBounds, expireDueBatch, grantBirthdayBatch, recomputeTiersBatch, releaseDueBatch, winbackBatch } from "./batch-jobs"
import { commitReservation, releaseReservation, reserve } from "./cart-holds"
import { closeGeneratedWrites } from "./closed-writes"
import {
  adjust,
  credit,
  creditBonus,
  creditCapped,
  debit,
  restoreSpent,
  reverse,
  settleOrderEarning,
} from "./ledger-operations"
import { readAccountSnapshot } from "./ledger/account-snapshot"
import { countExportRows, type LedgerExportCursor, readLedgerPage, readMembersPage } from "./ledger/exports"
import { restoreAccountProfile, updateAccountProfile } from "./ledger/accounts"
import { assignReferralCode, changeReferralCode, findReferralCodeOwner } from "./ledger/referral-codes"
import { bindReferral, readReferralNetwork } from "./ledger/referrals"
import { type BindingRules, isKnownShopperDevice, pruneReferralAttempts, recordShopperDevice } from "./ledger/referral-fraud"
import {
  decideOverdueReferrals,
  flagReferral,
  listReferralQueue,
  reviewReferral,
} from "./ledger/referral-reviews"
import {
  markReferralSiteVerified,
  pruneReferralVisits,
  readReferralVisit,
  readSitesOfCustomer,
  recordReferralVisit,
  registerReferralSite,
  retrieveOwnReferralSite,
  reviewReferralSite,
  unmarkReferralSiteVerified,
} from "./ledger/referral-sites"
import { creditReferralReward, referralRewardsOfOrder } from "./ledger/referral-rewards"
import { deleteUnusedAccount } from "./ledger/bonuses"
import {
  checkLedgerBatch,
  finishLedgerCheck,
  type LedgerCheckTrigger,
  readLedgerHealth,
  startLedgerCheck,
} from "./ledger/health"
import { readLastCompletedOn, recordCompletedOn } from "./ledger/job-runs"
import { LedgerStore } from "./ledger/ledger-store"
import { deliverOutbox, type OutboxEvent } from "./ledger/outbox"
import { achievementRecords, pointsRedeemedOnOrder } from "./ledger/reads"
import { recomputeCustomerTier } from "./ledger/tiers"
import type {
  AccountDiscrepancy,
  AccountProfile,
  AccountRow,
  AdjustInput,
  BirthdayBatchInput,
  WinbackBatchInput,
  BonusCreditInput,
  CommitReservationInput,
  CreditInput,
  DebitInput,
  ReserveInput,
  RestoreSpentInput,
  ReverseInput,
  SettleOrderEarningInput,
} from "./ledger/types"
import { verifyAccountFigures } from "./ledger/verify"
import { warnExpiringLots, warnInactiveAccounts } from "./ledger/warnings"
import {
  LoyaltyAccount,
  LoyaltyCampaign,
  LoyaltyJobRun,
  LoyaltyLedgerCheck,
  LoyaltyOutboxEvent,
  LoyaltyProgram,
  LoyaltyReferral,
  LoyaltyReferralAttempt,
  LoyaltyReferralCode,
  LoyaltyReferralRefusal,
  LoyaltyReferralSite,
  LoyaltyReferralVisit,
  LoyaltyReservation,
  LoyaltyRule,
  LoyaltyTelegramLink,
  LoyaltyTelegramLinkToken,
  LoyaltyTier,
  LoyaltyTransaction,
} from "./models"
import type { RecordKind, RecordView } from "./program/records"
import {
  deleteRecord,
  holdoutSetting,
  inactivityActiveSince,
  listRecords,
  readProgramSettings,
  retrieveRecord,
  saveProgramSettings,
  saveRecord,
} from "./program-records"
import { readTierContext } from "./program/tier-context"
import { bindTelegramChat, createTelegramLinkToken, readTelegramLink, restoreTelegramLink, unlinkTelegram } from "./ledger/telegram-links"
import {
  defaultsFromOptions,
  type LoyaltyModuleOptions,
  type ProgramSettings,
  type ProgramSettingsPatch,
  referralSiteOptionsFrom,
  type TelegramOptions,
  telegramOptionsFrom,
} from "./program-settings"

type InjectedDependencies = { baseRepository: any }

/**
 * The loyalty module's service, its one entry point. Each method opens the
 * transaction (or takes the caller's) and hands the work to the file of its
 * concern:
 * - program-records.ts: the program settings, tiers, campaigns and rules;
 * - ledger-operations.ts: credit, debit, adjust, reverse, order settlement;
 * - cart-holds.ts: points held for carts (reserve, commit, release);
 * - batch-jobs.ts: one batch of each scheduled job;
 * - ledger/: the SQL underneath, the reads, exports and ledger checks (the report, which reads
 *   orders too, is src/api/admin/loyalty/reports/queries.ts).
 * Every ledger operation locks the account row first, is idempotent through
 * the ledger's unique idempotency_key, and updates the account's cached
 * figures with its rows. Callers type it as ILoyaltyModuleService
 * (src/types/loyalty); the generated writes of the accounts, ledger rows and
 * holds refuse (closed-writes.ts).
 */
class LoyaltyModuleService extends MedusaService({
  LoyaltyAccount,
  LoyaltyTransaction,
  LoyaltyReservation,
  LoyaltyProgram,
  LoyaltyOutboxEvent,
  LoyaltyLedgerCheck,
  LoyaltyJobRun,
  LoyaltyTier,
  LoyaltyCampaign,
  LoyaltyRule,
  LoyaltyReferralCode,
  LoyaltyReferral,
  LoyaltyReferralRefusal,
  LoyaltyReferralAttempt,
  LoyaltyReferralSite,
  LoyaltyReferralVisit,
  LoyaltyTelegramLink,
  LoyaltyTelegramLinkToken,
}) implements ILoyaltyModuleService {
  protected baseRepository_: any
  protected readonly defaults_: ProgramSettings
  protected readonly referralSiteOptions_: ReferralSiteOptions
  protected readonly telegramOptions_: TelegramOptions | null

  constructor(dependencies: InjectedDependencies, options?: LoyaltyModuleOptions) {
    // @ts-ignore MedusaService takes the container as its only typed argument
    super(...arguments)
    this.baseRepository_ = dependencies.baseRepository
    this.defaults_ = defaultsFromOptions(options)
    this.referralSiteOptions_ = referralSiteOptionsFrom(options?.referral_sites)
    this.telegramOptions_ = telegramOptionsFrom(options?.telegram)
  }

  // ---------------------------------------------------------------- program (program-records.ts)

  @InjectManager()
  async getProgramSettings(@MedusaContext() sharedContext: Context = {}) {
    return readProgramSettings(this, this.defaults_, sharedContext)
  }

  @InjectTransactionManager()
  async updateProgramSettings(
    patch: ProgramSettingsPatch,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ProgramSettings> {
    return saveProgramSettings(this, this.defaults_, patch, sharedContext)
  }

  /**
   * When inactivity expiry counts activity from: the moment it was switched
   * on (recorded now if the plugin options switched it on). Null when off.
   */
  @InjectTransactionManager()
  async inactivityActiveSince(@MedusaContext() sharedContext: Context = {}): Promise<Date | null> {
    return inactivityActiveSince(this, this.defaults_, sharedContext)
  }

  /** Tiers (by threshold), campaigns (newest first) or earning rules, as views. */
  @InjectManager()
  async listRecords<K extends RecordKind>(
    kind: K,
    filters: Record<string, unknown> = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<RecordView[K][]> {
    return listRecords(this, kind, filters, sharedContext)
  }

  @InjectManager()
  async retrieveRecord<K extends RecordKind>(kind: K, id: string, @MedusaContext() sharedContext: Context = {}) {
    return retrieveRecord(this, kind, id, sharedContext)
  }

  /**
   * Creates a record, or changes the one with `id`, after checking it against
   * the others of its kind (tier thresholds, one rule per target). Edits of
   * one kind take turns, so two at once cannot both pass the check.
   */
  @InjectTransactionManager()
  async saveRecord<K extends RecordKind>(
    kind: K,
    input: { id?: string; data: Partial<RecordView[K]> },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<RecordView[K]> {
    return saveRecord(this, this.store(sharedContext), kind, input, sharedContext)
  }

  /** Deletes a record; returns it as it was (a compensation can save it back with its id). */
  @InjectTransactionManager()
  async deleteRecord<K extends RecordKind>(kind: K, id: string, @MedusaContext() sharedContext: Context = {}) {
    return deleteRecord(this, kind, id, sharedContext)
  }

  // ---------------------------------------------------------------- accounts (ledger/accounts.ts)

  /**
   * The customer's account, created when missing with its holdout draw;
   * `signed_up_at` is the customer's created_at (now when not given).
   */
  @InjectTransactionManager()
  async getOrCreateAccount(
    customerId: string,
    options: { signed_up_at?: Date } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AccountRow> {
    return this.store(sharedContext).lockAccountOfCustomer(customerId, options.signed_up_at)
  }

  /** The holdout's share and when it was switched on (null when off). */
  @InjectTransactionManager()
  async holdoutSetting(@MedusaContext() sharedContext: Context = {}) {
    return holdoutSetting(this, this.defaults_, sharedContext)
  }

  /** Deletes an account nothing has used yet (undoing its creation); false when it was used. */
  @InjectManager()
  async deleteUnusedAccount(accountId: string, @MedusaContext() sharedContext: Context = {}) {
    return this.deleteUnusedAccount_(accountId, sharedContext)
  }

  @InjectTransactionManager()
  protected async deleteUnusedAccount_(accountId: string, @MedusaContext() sharedContext: Context = {}) {
    return deleteUnusedAccount(this.store(sharedContext).trx, accountId)
  }

  /**
   * Saves what the shopper sets on their account: the birthday (once) and the
   * newsletter choice; returns the profile before and after, read under the
   * account's lock.
   */
  @InjectManager()
  async updateAccountProfile(
    customerId: string,
    changes: Partial<AccountProfile>,
    @MedusaContext() sharedContext: Context = {}
  ) {
    return this.updateAccountProfile_(customerId, changes, sharedContext)
  }

  @InjectTransactionManager()
  protected async updateAccountProfile_(
    customerId: string,
    changes: Partial<AccountProfile>,
    @MedusaContext() sharedContext: Context = {}
  ) {
    return updateAccountProfile(this.store(sharedContext), customerId, changes)
  }

  /** Puts a profile back as it was (compensation of updateAccountProfile). */
  @InjectManager()
  async restoreAccountProfile(
    accountId: string,
    profile: AccountProfile,
    @MedusaContext() sharedContext: Context = {}
  ) {
    return this.restoreAccountProfile_(accountId, profile, sharedContext)
  }

  @InjectTransactionManager()
  protected async restoreAccountProfile_(
    accountId: string,
    profile: AccountProfile,
    @MedusaContext() sharedContext: Context = {}
  ) {
    return restoreAccountProfile(this.store(sharedContext), accountId, profile)
  }

  // ---------------------------------------------------------------- referral codes (ledger/referral-codes.ts)

  /** Gives the account its first referral code; its code when it has one, null when `candidate` is taken. */
  @InjectManager()
  async assignReferralCode(customerId: string, candidate: string, @MedusaContext() sharedContext: Context = {}) {
    return this.assignReferralCode_(customerId, candidate, sharedContext)
  }

  @InjectTransactionManager()
  protected async assignReferralCode_(customerId: string, candidate: string, @MedusaContext() sharedContext: Context = {}) {
    return assignReferralCode(this.store(sharedContext), customerId, candidate)
  }

  /** Replaces the shopper's code with one they chose, once; the old one keeps working. */
  @InjectManager()
  async changeReferralCode(customerId: string, code: string, @MedusaContext() sharedContext: Context = {}) {
    return this.changeReferralCode_(customerId, code, sharedContext)
  }

  @InjectTransactionManager()
  protected async changeReferralCode_(customerId: string, code: string, @MedusaContext() sharedContext: Context = {}) {
    return changeReferralCode(this.store(sharedContext), customerId, code)
  }

  /** Binds a referee to the owner of a code once; a refusal is recorded and returned, a flag keeps it waiting. */
  @InjectManager()
  async bindReferral(input: BindReferralInput, @MedusaContext() sharedContext: Context = {}) {
    return this.bindReferral_(input, await this.bindingRules(sharedContext), sharedContext)
  }

  @InjectTransactionManager()
  protected async bindReferral_(input: BindReferralInput, rules: BindingRules, @MedusaContext() sharedContext: Context = {}) {
    return bindReferral(this.store(sharedContext), input, rules)
  }

  /** Holds a bound referral's rewards for an admin's review, with the program's deadline (ledger/referral-reviews.ts). */
  @InjectManager()
  async flagReferral(referralId: string, reason: ReferralFlagReason, @MedusaContext() sharedContext: Context = {}) {
    return this.flagReferral_(referralId, reason, await this.bindingRules(sharedContext), sharedContext)
  }

  @InjectTransactionManager()
  protected async flagReferral_(
    referralId: string,
    reason: ReferralFlagReason,
    rules: BindingRules,
    @MedusaContext() sharedContext: Context = {}
  ) {
    return flagReferral(this.store(sharedContext), referralId, reason, rules)
  }

  /** An admin's decision on a referral: approve, reject or unbind; the same one again replays. */
  @InjectManager()
  async reviewReferral(input: ReviewReferralInput, @MedusaContext() sharedContext: Context = {}) {
    return this.reviewReferral_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async reviewReferral_(input: ReviewReferralInput, @MedusaContext() sharedContext: Context = {}) {
    return reviewReferral(this.store(sharedContext), input)
  }

  /** The review deadline: `referrals.review_default` for a batch of overdue flags, each decided once. */
  @InjectManager()
  async decideOverdueReferrals(input: { limit: number; now?: Date }, @MedusaContext() sharedContext: Context = {}) {
    const { referrals } = await this.getProgramSettings(sharedContext)
    const decision = referrals.review_default
    return { decision, referral_ids: await this.decideOverdueReferrals_({ ...input, decision }, sharedContext) }
  }

  @InjectTransactionManager()
  protected async decideOverdueReferrals_(
    input: { limit: number; now?: Date; decision: "approve" | "reject" },
    @MedusaContext() sharedContext: Context = {}
  ) {
    return decideOverdueReferrals(this.store(sharedContext), input)
  }

  /** Forgets unknown-code attempts older than a day (the per-address limit looks back an hour). */
  @InjectManager()
  async pruneReferralAttempts(@MedusaContext() sharedContext: Context = {}) {
    return this.pruneReferralAttempts_(sharedContext)
  }

  @InjectTransactionManager()
  protected async pruneReferralAttempts_(@MedusaContext() sharedContext: Context = {}) {
    return pruneReferralAttempts(this.store(sharedContext).trx)
  }

  /** Forgets up to `limit` visits too old to bind anyone, oldest first; how many it forgot. */
  @InjectManager()
  async pruneReferralVisits(limit: number, @MedusaContext() sharedContext: Context = {}) {
    return this.pruneReferralVisits_(limit, sharedContext)
  }

  @InjectTransactionManager()
  protected async pruneReferralVisits_(limit: number, @MedusaContext() sharedContext: Context = {}) {
    return pruneReferralVisits(this.store(sharedContext).trx, limit)
  }

  /** A page of the review queue, newest binding first. */
  @InjectManager()
  async listReferralQueue(
    filters: ReferralQueueFilters,
    page: { skip: number; take: number },
    @MedusaContext() sharedContext: Context = {}
  ) {
    return listReferralQueue((sharedContext.manager as any).getKnex(), filters, page)
  }

  /** Keeps the keyed hash of the shopper's device when it changed. */
  @InjectManager()
  async recordShopperDevice(customerId: string, deviceHash: string, @MedusaContext() sharedContext: Context = {}) {
    // Nearly every account read comes from the device seen last: answer those without a transaction.
    if (await isKnownShopperDevice((sharedContext.manager as any).getKnex(), customerId, deviceHash)) {
      return false
    }
    return this.recordShopperDevice_(customerId, deviceHash, sharedContext)
  }

  @InjectTransactionManager()
  protected async recordShopperDevice_(customerId: string, deviceHash: string, @MedusaContext() sharedContext: Context = {}) {
    return recordShopperDevice(this.store(sharedContext).trx, customerId, deviceHash)
  }

  /** A page of the shopper's invitees, newest first, with the points each brought them, and the totals. */
  @InjectManager()
  async retrieveReferralNetwork(
    customerId: string,
    page: { skip: number; take: number },
    @MedusaContext() sharedContext: Context = {}
  ) {
    return readReferralNetwork((sharedContext.manager as any).getKnex(), customerId, page)
  }

  /**
   * Credits one party's referral reward for a referee's order, once per key,
   * under the referral's lock (a flagged, rejected or unbound referral pays
   * nothing now) and the party's account lock (the monthly cap is counted there).
   */
  @InjectManager()
  async creditReferralReward(input: ReferralRewardInput, @MedusaContext() sharedContext: Context = {}) {
    return this.creditReferralReward_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async creditReferralReward_(input: ReferralRewardInput, @MedusaContext() sharedContext: Context = {}) {
    return creditReferralReward(this.store(sharedContext), input)
  }

  /** The referral reward rows a referee's order brought either party. */
  @InjectManager()
  async listReferralRewardsOfOrder(orderId: string, @MedusaContext() sharedContext: Context = {}) {
    return referralRewardsOfOrder((sharedContext.manager as any).getKnex(), orderId)
  }

  /** Whose referral code this is, current or replaced; null for no one's. */
  @InjectManager()
  async findReferralCodeOwner(code: string, @MedusaContext() sharedContext: Context = {}) {
    return findReferralCodeOwner((sharedContext.manager as any).getKnex(), code)
  }

  // ---------------------------------------------------------------- referring sites (ledger/referral-sites.ts)

  /** The module option `referral_sites` (plugin options reach only modules). */
  getReferralSiteOptions(): ReferralSiteOptions {
    return this.referralSiteOptions_
  }

  @InjectManager()
  async registerReferralSite(customerId: string, origin: string, @MedusaContext() sharedContext: Context = {}) {
    return this.registerReferralSite_(customerId, origin, sharedContext)
  }

  @InjectTransactionManager()
  protected async registerReferralSite_(customerId: string, origin: string, @MedusaContext() sharedContext: Context = {}) {
    return registerReferralSite(this.store(sharedContext), customerId, origin)
  }

  @InjectManager()
  async retrieveOwnReferralSite(customerId: string, siteId: string, @MedusaContext() sharedContext: Context = {}) {
    return this.retrieveOwnReferralSite_(customerId, siteId, sharedContext)
  }

  @InjectTransactionManager()
  protected async retrieveOwnReferralSite_(customerId: string, siteId: string, @MedusaContext() sharedContext: Context = {}) {
    return retrieveOwnReferralSite(this.store(sharedContext), customerId, siteId)
  }

  @InjectManager()
  async markReferralSiteVerified(customerId: string, siteId: string, @MedusaContext() sharedContext: Context = {}) {
    return this.markReferralSiteVerified_(customerId, siteId, sharedContext)
  }

  @InjectTransactionManager()
  protected async markReferralSiteVerified_(customerId: string, siteId: string, @MedusaContext() sharedContext: Context = {}) {
    return markReferralSiteVerified(this.store(sharedContext), customerId, siteId)
  }

  @InjectManager()
  async unmarkReferralSiteVerified(siteId: string, @MedusaContext() sharedContext: Context = {}) {
    return this.unmarkReferralSiteVerified_(siteId, sharedContext)
  }

  @InjectTransactionManager()
  protected async unmarkReferralSiteVerified_(siteId: string, @MedusaContext() sharedContext: Context = {}) {
    return unmarkReferralSiteVerified(this.store(sharedContext), siteId)
  }

  @InjectManager()
  async reviewReferralSite(input: ReviewReferralSiteInput, @MedusaContext() sharedContext: Context = {}) {
    return this.reviewReferralSite_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async reviewReferralSite_(input: ReviewReferralSiteInput, @MedusaContext() sharedContext: Context = {}) {
    return reviewReferralSite(this.store(sharedContext), input)
  }

  @InjectManager()
  async listReferralSitesOfCustomer(customerId: string, @MedusaContext() sharedContext: Context = {}) {
    return readSitesOfCustomer((sharedContext.manager as any).getKnex(), customerId)
  }

  @InjectManager()
  async recordReferralVisit(input: RecordReferralVisitInput, @MedusaContext() sharedContext: Context = {}) {
    return this.recordReferralVisit_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async recordReferralVisit_(input: RecordReferralVisitInput, @MedusaContext() sharedContext: Context = {}) {
    return recordReferralVisit(this.store(sharedContext), input)
  }

  @InjectManager()
  async retrieveReferralVisit(visitId: string, @MedusaContext() sharedContext: Context = {}) {
    return readReferralVisit((sharedContext.manager as any).getKnex(), visitId)
  }

  // ---------------------------------------------------------------- ledger operations (ledger-operations.ts)

  /** Adds a lot: available now (paying any debt first) or pending until released. */
  @InjectManager()
  async credit(input: CreditInput, @MedusaContext() sharedContext: Context = {}) {
    return this.credit_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async credit_(input: CreditInput, @MedusaContext() sharedContext: Context = {}) {
    return credit(this.store(sharedContext), input)
  }

  /**
   * A credit cut to what fits under `max_balance` (balance plus pending),
   * decided under the account lock, so two credits at once cannot together
   * pass it. Null when nothing fits; a repeated key returns the first lot.
   */
  @InjectManager()
  async creditUpTo(input: CappedCreditInput, @MedusaContext() sharedContext: Context = {}) {
    return this.creditUpTo_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async creditUpTo_(input: CappedCreditInput, @MedusaContext() sharedContext: Context = {}) {
    const store = this.store(sharedContext)
    return creditCapped(store, await store.lockAccountOfCustomer(input.customer_id), input)
  }

  /**
   * Credits a bonus lot, available now and cut to what fits under
   * max_balance (pending points count, as they become spendable), and writes
   * its `loyalty.bonus_granted` event in the same transaction, so a crash
   * loses neither. Null when nothing fits. A repeated key returns the first
   * lot and writes nothing.
   */
  @InjectManager()
  async creditBonus(input: BonusCreditInput, @MedusaContext() sharedContext: Context = {}) {
    return this.creditBonus_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async creditBonus_(input: BonusCreditInput, @MedusaContext() sharedContext: Context = {}) {
    const store = this.store(sharedContext)
    return creditBonus(store, await store.lockAccountOfCustomer(input.customer_id), input)
  }

  /** Spends available points, soonest-expiring lot first. Never overdraws. */
  @InjectManager()
  async debit(input: DebitInput, @MedusaContext() sharedContext: Context = {}) {
    return this.debit_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async debit_(input: DebitInput, @MedusaContext() sharedContext: Context = {}) {
    return debit(this.store(sharedContext), input)
  }

  /** A signed manual correction: credits a lot or debits without overdrawing. */
  @InjectManager()
  async adjust(input: AdjustInput, @MedusaContext() sharedContext: Context = {}) {
    return this.adjust_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async adjust_(input: AdjustInput, @MedusaContext() sharedContext: Context = {}) {
    return adjust(this.store(sharedContext), input)
  }

  /**
   * Takes back (part of) a credit lot: a pending lot shrinks or is voided; an
   * available one is debited, that lot first. Points already reversed or expired
   * from the lot are never taken again. When the points were spent, the balance
   * goes negative if the program allows it, else the shortfall is recorded.
   */
  @InjectManager()
  async reverse(input: ReverseInput, @MedusaContext() sharedContext: Context = {}) {
    const { allow_negative_balance } = await this.getProgramSettings(sharedContext)
    return this.reverse_(input, allow_negative_balance, sharedContext)
  }

  @InjectTransactionManager()
  protected async reverse_(
    input: ReverseInput,
    allowNegative: boolean,
    @MedusaContext() sharedContext: Context = {}
  ) {
    return reverse(this.store(sharedContext), input, allowNegative)
  }

  /**
   * Brings an order's earned points to what its items earn now, under the
   * account lock: reverses the excess (newest lots first) or earns the rise
   * as a further lot. Null for an order that never earned.
   */
  @InjectManager()
  async settleOrderEarning(input: SettleOrderEarningInput, @MedusaContext() sharedContext: Context = {}) {
    const { allow_negative_balance } = await this.getProgramSettings(sharedContext)
    return this.settleOrderEarning_(input, allow_negative_balance, sharedContext)
  }

  @InjectTransactionManager()
  protected async settleOrderEarning_(
    input: SettleOrderEarningInput,
    allowNegative: boolean,
    @MedusaContext() sharedContext: Context = {}
  ) {
    return settleOrderEarning(this.store(sharedContext), input, allowNegative)
  }

  /**
   * Gives back points spent on an order (cancel, return) beyond what the order
   * keeps spent, expiring no later than the lots they came from.
   */
  @InjectManager()
  async restoreSpent(input: RestoreSpentInput, @MedusaContext() sharedContext: Context = {}) {
    return this.restoreSpent_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async restoreSpent_(input: RestoreSpentInput, @MedusaContext() sharedContext: Context = {}) {
    return restoreSpent(this.store(sharedContext), input)
  }

  /**
   * Moves a customer's account to the tier its order points in the window
   * reach (after an order, a return or a cancel); `loyalty.tier_changed`
   * goes to the outbox with the change. Null when the customer has no account.
   */
  @InjectTransactionManager()
  async recomputeTier(customerId: string, now: Date = new Date(), @MedusaContext() sharedContext: Context = {}) {
    return recomputeCustomerTier(this.store(sharedContext), customerId, () => this.tierContext(now, sharedContext))
  }

  // ---------------------------------------------------------------- cart holds (cart-holds.ts)

  /** Holds points for a cart; a second call for the cart replaces the amount. */
  @InjectManager()
  async reserve(input: ReserveInput, @MedusaContext() sharedContext: Context = {}) {
    return this.reserve_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async reserve_(input: ReserveInput, @MedusaContext() sharedContext: Context = {}) {
    return reserve(this.store(sharedContext), input)
  }

  /**
   * Turns a cart's hold into a redeem debit for its order, exactly once. The
   * points were promised to the order, so a clawback in between may leave debt.
   */
  @InjectManager()
  async commitReservation(input: CommitReservationInput, @MedusaContext() sharedContext: Context = {}) {
    return this.commitReservation_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async commitReservation_(input: CommitReservationInput, @MedusaContext() sharedContext: Context = {}) {
    return commitReservation(this.store(sharedContext), input)
  }

  /** Gives a cart's held points back; a no-op when nothing is held. */
  @InjectManager()
  async releaseReservation(cartId: string, @MedusaContext() sharedContext: Context = {}) {
    return this.releaseReservation_(cartId, sharedContext)
  }

  @InjectTransactionManager()
  protected async releaseReservation_(cartId: string, @MedusaContext() sharedContext: Context = {}) {
    return releaseReservation(this.store(sharedContext), cartId)
  }

  // ---------------------------------------------------------------- batch jobs (batch-jobs.ts)

  /** One batch of the pending-release job. */
  @InjectManager()
  async releaseDueBatch(input: BatchCursor & { now?: Date }, @MedusaContext() sharedContext: Context = {}) {
    return this.releaseDueBatch_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async releaseDueBatch_(
    input: BatchCursor & { now?: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<BatchResult> {
    return releaseDueBatch(this.store(sharedContext), input)
  }

  /** One batch of the expiry job: due lots, or in the inactivity phase inactive accounts. */
  @InjectManager()
  async expireDueBatch(input: ExpireBatchInput, @MedusaContext() sharedContext: Context = {}) {
    return this.expireDueBatch_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async expireDueBatch_(input: ExpireBatchInput, @MedusaContext() sharedContext: Context = {}): Promise<BatchResult> {
    return expireDueBatch(this.store(sharedContext), input)
  }

  /** Account ids that split the accounts into `parts` ranges of about equal size, for batches side by side. */
  @InjectManager()
  async accountRangeBounds(parts: number, @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    return accountRangeBounds((sharedContext.manager as any).getKnex(), parts)
  }

  /** One batch of `loyalty.points_expiring` warnings for lots expiring by `until`. */
  @InjectManager()
  async warnExpiringBatch(input: WarnExpiringInput, @MedusaContext() sharedContext: Context = {}) {
    return this.warnExpiringBatch_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async warnExpiringBatch_(input: WarnExpiringInput, @MedusaContext() sharedContext: Context = {}) {
    return warnExpiringLots(this.store(sharedContext).trx, input)
  }

  /** One batch of inactivity warnings, over the next `limit` accounts after `after`. */
  @InjectManager()
  async warnInactiveBatch(input: WarnInactiveInput, @MedusaContext() sharedContext: Context = {}) {
    return this.warnInactiveBatch_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async warnInactiveBatch_(input: WarnInactiveInput, @MedusaContext() sharedContext: Context = {}) {
    return warnInactiveAccounts(this.store(sharedContext).trx, input)
  }

  /** One batch of the birthday job: each account celebrating on one of the dates gets its bonus once a year. */
  @InjectManager()
  async grantBirthdayBatch(input: BirthdayBatchInput & BatchCursor, @MedusaContext() sharedContext: Context = {}) {
    return this.grantBirthdayBatch_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async grantBirthdayBatch_(
    input: BirthdayBatchInput & BatchCursor,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<BatchResult> {
    return grantBirthdayBatch(this.store(sharedContext), input)
  }

  /** One batch of the win-back job: quiet shoppers with points hear from the store once per quiet period. */
  @InjectManager()
  async winbackBatch(input: WinbackBatchInput & BatchCursor, @MedusaContext() sharedContext: Context = {}) {
    return this.winbackBatch_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async winbackBatch_(input: WinbackBatchInput & BatchCursor, @MedusaContext() sharedContext: Context = {}): Promise<BatchResult> {
    return winbackBatch(this.store(sharedContext), input)
  }

  /** One batch of the daily tier recompute: the next accounts after `after`, skipping locked ones. */
  @InjectManager()
  async recomputeTiersBatch(input: BatchCursor & { now?: Date }, @MedusaContext() sharedContext: Context = {}) {
    return this.recomputeTiersBatch_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async recomputeTiersBatch_(
    { now = new Date(), ...cursor }: BatchCursor & { now?: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<BatchResult> {
    return recomputeTiersBatch(this.store(sharedContext), cursor, () => this.tierContext(now, sharedContext))
  }

  /** The store's local date ("YYYY-MM-DD") of the job's last run that finished every account; null before the first. */
  @InjectManager()
  async retrieveJobLastCompletedOn(name: string, @MedusaContext() sharedContext: Context = {}): Promise<string | null> {
    return readLastCompletedOn((sharedContext.manager as any).getKnex(), name)
  }

  /** Records a run of the job that finished every account on the local date `on`; the date only moves forward. */
  @InjectManager()
  async completeJobRun(name: string, on: string, @MedusaContext() sharedContext: Context = {}): Promise<string> {
    return this.completeJobRun_(name, on, sharedContext)
  }

  @InjectTransactionManager()
  protected async completeJobRun_(name: string, on: string, @MedusaContext() sharedContext: Context = {}) {
    return recordCompletedOn(this.store(sharedContext).trx, name, on)
  }

  /**
   * Hands up to `limit` of the events the ledger wrote with its rows (every
   * event the plugin announces) to `send`, and forgets them once it returns: the module has no
   * event bus of its own to emit on, so the job passes the app's.
   */
  @InjectManager()
  async deliverEvents(
    limit: number,
    send: (events: OutboxEvent[]) => Promise<void>,
    @MedusaContext() sharedContext: Context = {}
  ) {
    return this.deliverEvents_(limit, send, sharedContext)
  }

  @InjectTransactionManager()
  protected async deliverEvents_(
    limit: number,
    send: (events: OutboxEvent[]) => Promise<void>,
    @MedusaContext() sharedContext: Context = {}
  ) {
    return deliverOutbox(this.store(sharedContext).trx, limit, send)
  }

  // ---------------------------------------------------------------- reads and exports (ledger/reads.ts, exports.ts)

  /**
   * A customer's account, its next `expiringShown` expiring lots, its order
   * points in the tier window and the tiers, read in one statement.
   */
  @InjectManager()
  async retrieveAccountSnapshot(customerId: string, expiringShown: number, @MedusaContext() sharedContext: Context = {}) {
    const knex = (sharedContext.manager as any).getKnex()
    const { account, context } = await readAccountSnapshot(knex, customerId, expiringShown, this.defaults_, new Date())
    return { account, tiers: context.tiers, storefront_url: context.settings.storefront_url }
  }

  /** Points redeemed on an order, net of none of its restores. */
  @InjectManager()
  async pointsRedeemedOnOrder(orderId: string, @MedusaContext() sharedContext: Context = {}) {
    return pointsRedeemedOnOrder((sharedContext.manager as any).getKnex(), orderId)
  }

  /** The achievement thresholds an account was awarded: how many times each, and what its latest award holds. */
  @InjectManager()
  async achievementRecords(accountId: string, @MedusaContext() sharedContext: Context = {}) {
    return achievementRecords((sharedContext.manager as any).getKnex(), accountId)
  }

  /** A page of the members export (ledger/exports.ts). */
  @InjectManager()
  async exportMembersPage(after: string | null, limit: number, @MedusaContext() sharedContext: Context = {}) {
    return readMembersPage((sharedContext.manager as any).getKnex(), after, limit)
  }

  /** A page of the ledger export (ledger/exports.ts). */
  @InjectManager()
  async exportLedgerPage(
    input: { from: Date; to: Date; after: LedgerExportCursor | null; limit: number },
    @MedusaContext() sharedContext: Context = {}
  ) {
    return readLedgerPage((sharedContext.manager as any).getKnex(), input)
  }

  /** How many rows an export holds. */
  @InjectManager()
  async countExportRows(period?: { from: Date; to: Date }, @MedusaContext() sharedContext: Context = {}) {
    return countExportRows((sharedContext.manager as any).getKnex(), period)
  }

  // ---------------------------------------------------------------- ledger health (ledger/verify.ts, health.ts)

  /** Recomputes every figure of the given (or all) accounts from the ledger. */
  @InjectManager()
  async verifyAccounts(accountIds?: string[], @MedusaContext() sharedContext: Context = {}): Promise<AccountDiscrepancy[]> {
    return verifyAccountFigures((sharedContext.manager as any).getKnex(), accountIds)
  }

  /** Starts a ledger check, or returns the one running (started: false); see ledger/health.ts. */
  @InjectManager()
  async startLedgerCheck(trigger: LedgerCheckTrigger, @MedusaContext() sharedContext: Context = {}) {
    return this.startLedgerCheck_(trigger, sharedContext)
  }

  @InjectTransactionManager()
  protected async startLedgerCheck_(trigger: LedgerCheckTrigger, @MedusaContext() sharedContext: Context = {}) {
    return startLedgerCheck(this.store(sharedContext).trx, trigger)
  }

  /**
   * One batch of a ledger check: the next accounts after `after`, checked in one read
   * (no locks), their drift recorded on the check and announced through the outbox.
   */
  @InjectManager()
  async checkLedgerBatch(
    input: { check_id: string; after: string | null; limit: number },
    @MedusaContext() sharedContext: Context = {}
  ) {
    return this.checkLedgerBatch_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async checkLedgerBatch_(
    input: { check_id: string; after: string | null; limit: number },
    @MedusaContext() sharedContext: Context = {}
  ) {
    return checkLedgerBatch(this.store(sharedContext).trx, input)
  }

  /** Ends a running ledger check: completed, or failed with `error`. */
  @InjectManager()
  async finishLedgerCheck(checkId: string, error: string | null = null, @MedusaContext() sharedContext: Context = {}) {
    return this.finishLedgerCheck_(checkId, error, sharedContext)
  }

  @InjectTransactionManager()
  protected async finishLedgerCheck_(checkId: string, error: string | null, @MedusaContext() sharedContext: Context = {}) {
    return finishLedgerCheck(this.store(sharedContext).trx, checkId, { error })
  }

  /** The last ledger check that ended and the one running now. */
  @InjectManager()
  async retrieveLedgerHealth(@MedusaContext() sharedContext: Context = {}) {
    return readLedgerHealth((sharedContext.manager as any).getKnex())
  }

  // ---------------------------------------------------------------- Telegram (ledger/telegram-links.ts)

  /** The module option `telegram` (the bot's token, username and webhook secret); null when not configured. */
  getTelegramOptions(): TelegramOptions | null {
    return this.telegramOptions_
  }

  @InjectManager()
  async createTelegramLinkToken(customerId: string, ttlMinutes: number, @MedusaContext() sharedContext: Context = {}) {
    return this.createTelegramLinkToken_(customerId, ttlMinutes, sharedContext)
  }

  @InjectTransactionManager()
  protected async createTelegramLinkToken_(customerId: string, ttlMinutes: number, @MedusaContext() sharedContext: Context = {}) {
    return createTelegramLinkToken(this.store(sharedContext).trx, customerId, ttlMinutes)
  }

  @InjectManager()
  async bindTelegramChat(token: string, chatId: string, @MedusaContext() sharedContext: Context = {}) {
    return this.bindTelegramChat_(token, chatId, sharedContext)
  }

  @InjectTransactionManager()
  protected async bindTelegramChat_(token: string, chatId: string, @MedusaContext() sharedContext: Context = {}) {
    return bindTelegramChat(this.store(sharedContext).trx, token, chatId)
  }

  @InjectManager()
  async unlinkTelegram(by: { customer_id: string } | { chat_id: string }, @MedusaContext() sharedContext: Context = {}) {
    return this.unlinkTelegram_(by, sharedContext)
  }

  @InjectTransactionManager()
  protected async unlinkTelegram_(by: { customer_id: string } | { chat_id: string }, @MedusaContext() sharedContext: Context = {}) {
    return unlinkTelegram(this.store(sharedContext).trx, by)
  }

  @InjectManager()
  async restoreTelegramLink(link: LoyaltyTelegramLinkDTO, @MedusaContext() sharedContext: Context = {}) {
    return this.restoreTelegramLink_(link, sharedContext)
  }

  @InjectTransactionManager()
  protected async restoreTelegramLink_(link: LoyaltyTelegramLinkDTO, @MedusaContext() sharedContext: Context = {}) {
    return restoreTelegramLink(this.store(sharedContext).trx, link)
  }

  @InjectManager()
  async retrieveTelegramLink(by: { customer_id: string } | { chat_id: string }, @MedusaContext() sharedContext: Context = {}) {
    return readTelegramLink((sharedContext.manager as any).getKnex(), by)
  }

  // ---------------------------------------------------------------- internals

  /** The ledger's SQL on this call's transaction. */
  protected store(sharedContext: Context) {
    const knex = (sharedContext.transactionManager as any)?.getTransactionContext()
    if (!knex) {
      // A FOR UPDATE outside a transaction would release its lock at once.
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        "Loyalty ledger operations must run inside a transaction"
      )
    }
    return new LedgerStore(knex, () => holdoutSetting(this, this.defaults_, sharedContext))
  }

  /** What the binding checks read of the program: the referral limits and the store's calendar. */
  protected async bindingRules(sharedContext: Context): Promise<BindingRules> {
    const { referrals, time_zone } = await this.getProgramSettings(sharedContext)
    const { monthly_cap, flag_referrals_per_day, review_deadline_days } = referrals
    return { monthly_cap, flag_referrals_per_day, review_deadline_days, time_zone }
  }

  /** The tiers and the start of the tier window at `now`. */
  protected async tierContext(now: Date, sharedContext: Context) {
    const knex = (sharedContext.transactionManager as any)?.getTransactionContext() ?? (sharedContext.manager as any).getKnex()
    return readTierContext(knex, this.defaults_, now)
  }
}

closeGeneratedWrites(LoyaltyModuleService)

export default LoyaltyModuleService
