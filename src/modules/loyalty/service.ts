import type { Context } from "@medusajs/framework/types"
import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import {
  type Allocation,
  allocateFifo,
  isValidPoints,
  lotEntitlement,
  orderEarned,
  reversalsNewestFirst,
  settleDebts,
  settlementMove,
  spendFromHold,
} from "../../lib"
import { birthdayBonusKey, birthdayChangeError, capToMaxBalance, tierWindowStart } from "../../lib/rules"
import { LedgerStore } from "./ledger/ledger-store"
import { readAccountSnapshot } from "./ledger/account-snapshot"
import { ACCOUNTS_WITH_BIRTHDAY, BONUS_GRANTED, deleteUnusedAccount } from "./ledger/bonuses"
import { ACCOUNTS_WITH_DUE_LOTS, expireLockedAccounts, type ExpiryMoment, INACTIVE_ACCOUNTS } from "./ledger/expiry"
import { addToOutbox, deliverOutbox, type OutboxEvent } from "./ledger/outbox"
import { ACCOUNTS_WITH_DUE_PENDING, POINTS_AVAILABLE, releaseLockedAccounts } from "./ledger/release"
import { readProgramFigures } from "./ledger/reports"
import { lockCandidateAccounts } from "./ledger/sql"
import { ACCOUNTS_IN_ORDER, recomputeLockedTiers } from "./ledger/tiers"
import { warnExpiringLots, warnInactiveAccounts } from "./ledger/warnings"
import { verifyAccountFigures } from "./ledger/verify"
import {
  checkLedgerBatch,
  finishLedgerCheck,
  type LedgerCheckTrigger,
  readLedgerHealth,
  startLedgerCheck,
} from "./ledger/health"
import { readLastCompletedOn, recordCompletedOn } from "./ledger/job-runs"
import { RECORD_CHECKS, RECORD_MODELS, RECORD_NAMES } from "./program/checks"
import { RECORD_VIEWS, type RecordKind, type RecordView } from "./program/records"
import type {
  AccountDiscrepancy,
  AccountProfile,
  AccountRow,
  AdjustInput,
  BirthdayBatchInput,
  BonusCreditInput,
  CommitReservationInput,
  CreditInput,
  DebitInput,
  FigureDeltas,
  OpenLot,
  OrderEarningSettlement,
  ReservationRow,
  ReserveInput,
  RestoreSpentInput,
  ReverseInput,
  SettleOrderEarningInput,
  TransactionRow,
} from "./ledger/types"
import {
  LoyaltyAccount,
  LoyaltyCampaign,
  LoyaltyJobRun,
  LoyaltyLedgerCheck,
  LoyaltyOutboxEvent,
  LoyaltyProgram,
  LoyaltyReservation,
  LoyaltyRule,
  LoyaltyTier,
  LoyaltyTransaction,
} from "./models"
import {
  defaultsFromOptions,
  JSON_SETTING_NAMES,
  PROGRAM_SETTING_NAMES,
  ProgramSettings,
  ProgramSettingsPatch,
} from "./program-settings"

type InjectedDependencies = { baseRepository: any }

/** Credits that count towards lifetime_earned (restores give back spent points). */
const EARNING_TYPES = new Set(["earn", "bonus", "referral", "adjust"])

/**
 * The loyalty module. Every ledger operation runs in one transaction, locks
 * the account row first, is idempotent through the ledger's unique
 * idempotency_key, and updates the account's cached figures with its rows.
 */
/** Credits and debits that count as a shopper's activity, for inactivity expiry. */
const ACTIVITY_TYPES = new Set(["earn", "bonus", "referral", "redeem"])

/** A batch's accounts: the first `limit` after `after` (and, given `until`, up to it). */
export type BatchCursor = { after: string | null; until?: string | null; limit: number }

/** What one batch of a job did, and where the next batch starts (null: nothing left). */
export type BatchResult = {
  next_after: string | null
  /** Accounts another transaction held: left for the next run. */
  skipped: number
  lots: number
  points: number
  accounts: number
}

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
}) {
  protected baseRepository_: any
  protected readonly defaults_: ProgramSettings

  constructor(dependencies: InjectedDependencies, options?: ProgramSettingsPatch) {
    // @ts-ignore MedusaService takes the container as its only typed argument
    super(...arguments)
    this.baseRepository_ = dependencies.baseRepository
    this.defaults_ = defaultsFromOptions(options)
  }

  // ---------------------------------------------------------------- program

  @InjectManager()
  async getProgramSettings(@MedusaContext() sharedContext: Context = {}) {
    const [row] = await this.listLoyaltyPrograms({}, { take: 1 }, sharedContext)
    return mergeSettings(this.defaults_, row)
  }

  @InjectTransactionManager()
  async updateProgramSettings(
    patch: ProgramSettingsPatch,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ProgramSettings> {
    const [row] = await this.listLoyaltyPrograms({}, { take: 1 }, sharedContext)
    const data = { ...patch } as Record<string, unknown>
    const named = JSON_SETTING_NAMES.filter((name) => name in patch)
    if (named.length) {
      const settings = { ...(row?.settings ?? {}) } as Record<string, unknown>
      for (const name of named) {
        settings[name] = data[name]
        delete data[name]
      }
      data.settings = settings
    }
    if (patch.inactivity_days !== undefined) {
      const before = mergeSettings(this.defaults_, row).inactivity_days
      // Switching it on starts the clock: nobody loses points for the time before.
      if (patch.inactivity_days > 0 && !(before > 0 && row?.inactivity_enabled_at)) {
        data.inactivity_enabled_at = new Date()
      } else if (patch.inactivity_days === 0) {
        data.inactivity_enabled_at = null
      }
    }
    if (row) {
      // Updates merge JSON objects: a currency or setting left out of a new map must go.
      const replaced = (["point_values", "settings"] as const).filter((name) => data[name])
      if (replaced.length) {
        const cleared = Object.fromEntries(replaced.map((name) => [name, null]))
        await this.updateLoyaltyPrograms({ id: row.id, ...cleared }, sharedContext)
      }
      await this.updateLoyaltyPrograms({ id: row.id, ...data }, sharedContext)
    } else {
      await this.createLoyaltyPrograms(data, sharedContext)
    }
    const [saved] = await this.listLoyaltyPrograms({}, { take: 1 }, sharedContext)
    return mergeSettings(this.defaults_, saved)
  }

  // ---------------------------------------------------------------- program records

  /** Tiers (by threshold), campaigns (newest first) or earning rules, as views. */
  @InjectManager()
  async listRecords<K extends RecordKind>(
    kind: K,
    filters: Record<string, unknown> = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<RecordView[K][]> {
    const { list, order } = RECORD_MODELS[kind]
    const rows = await (this as any)[list](filters, { order }, sharedContext)
    return rows.map(RECORD_VIEWS[kind])
  }

  @InjectManager()
  async retrieveRecord<K extends RecordKind>(kind: K, id: string, @MedusaContext() sharedContext: Context = {}) {
    const [record] = await this.listRecords(kind, { id }, sharedContext)
    if (!record) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `${RECORD_NAMES[kind]} ${id} was not found`)
    }
    return record
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
    await this.store(sharedContext).trx.raw("SELECT pg_advisory_xact_lock(hashtext(?))", [`loyalty_${kind}`])
    const records = await this.listRecords(kind, {}, sharedContext)
    const previous = input.id ? records.find((record) => record.id === input.id) : undefined
    if (input.id && !previous) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `${RECORD_NAMES[kind]} ${input.id} was not found`)
    }
    const record = { ...(previous ?? {}), ...input.data } as RecordView[K]
    const error = RECORD_CHECKS[kind](record, records.filter((other) => other.id !== input.id))
    if (error) {
      throw invalid(error)
    }
    const { create, update } = RECORD_MODELS[kind]
    const saved = previous
      ? await (this as any)[update]({ ...input.data, id: input.id }, sharedContext)
      : await (this as any)[create](input.data, sharedContext)
    return RECORD_VIEWS[kind](saved)
  }

  /** Deletes a record; returns it as it was (a compensation can save it back with its id). */
  @InjectTransactionManager()
  async deleteRecord<K extends RecordKind>(kind: K, id: string, @MedusaContext() sharedContext: Context = {}) {
    const record = await this.retrieveRecord(kind, id, sharedContext)
    await (this as any)[RECORD_MODELS[kind].delete]([id], sharedContext)
    return record
  }

  // ---------------------------------------------------------------- accounts

  @InjectTransactionManager()
  async getOrCreateAccount(
    customerId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AccountRow> {
    return this.store(sharedContext).lockAccountOfCustomer(customerId)
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
   * Saves what the shopper sets on their account: the birthday (once; the
   * same value again is fine) and the newsletter choice. Returns the profile
   * before and after, under the account's lock, so two requests at once cannot
   * both set a different birthday or both see a first opt-in.
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
  ): Promise<{ account_id: string; before: AccountProfile; after: AccountProfile }> {
    const store = this.store(sharedContext)
    const account = (await store.lockAccountOfCustomer(customerId)) as AccountRow & AccountProfile
    const before: AccountProfile = {
      birthday: account.birthday ?? null,
      newsletter_opt_in: account.newsletter_opt_in ?? null,
    }
    if (changes.birthday !== undefined) {
      const error = birthdayChangeError(before.birthday, changes.birthday)
      if (error) {
        throw invalid(error)
      }
    }
    const after: AccountProfile = {
      birthday: changes.birthday ?? before.birthday,
      newsletter_opt_in: changes.newsletter_opt_in ?? before.newsletter_opt_in,
    }
    await store.setProfile(account.id, after)
    return { account_id: account.id, before, after }
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
    const store = this.store(sharedContext)
    await store.lockAccount(accountId)
    await store.setProfile(accountId, profile)
  }

  // ---------------------------------------------------------------- credits

  /** Adds a lot: available now (paying any debt first) or pending until released. */
  @InjectManager()
  async credit(input: CreditInput, @MedusaContext() sharedContext: Context = {}) {
    return this.credit_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async credit_(
    input: CreditInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<TransactionRow> {
    assertPoints(input.points)
    const store = this.store(sharedContext)
    const account = await store.lockAccountOfCustomer(input.customer_id)
    const existing = await store.findTransactionByKey(input.idempotency_key)
    if (existing) {
      return sameOperationOrThrow(existing, account, input.points)
    }

    const deltas: FigureDeltas = {
      lifetime_earned: EARNING_TYPES.has(input.type) ? input.points : 0,
      lifetime_spent: input.type === "restore" ? -input.points : 0,
    }
    let remaining = input.points
    if (input.status === "available") {
      remaining = await this.payDebts(store, account.id, input.points)
      deltas.balance = input.points
    } else {
      deltas.pending = input.points
    }

    const row = await store.insertTransaction({
      account_id: account.id,
      type: input.type,
      points: input.points,
      status: input.status,
      remaining,
      unsettled: null,
      available_at: input.available_at ?? null,
      expires_at: input.expires_at ?? null,
      ...common(input),
    })
    await store.applyFigures(account.id, deltas, ACTIVITY_TYPES.has(input.type))
    return row
  }

  /** Makes a pending lot available; a no-op for a lot that is not pending. */
  @InjectManager()
  async releasePending(lotId: string, @MedusaContext() sharedContext: Context = {}) {
    return this.releasePending_(lotId, sharedContext)
  }

  @InjectTransactionManager()
  protected async releasePending_(
    lotId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<TransactionRow & { released?: number }> {
    const store = this.store(sharedContext)
    const lot = await this.findLotOrThrow(store, lotId)
    await store.lockAccount(lot.account_id)
    const current = (await store.findTransaction(lotId))!
    if (current.status !== "pending") {
      return current
    }
    const released = await this.releaseLockedLot(store, current)
    return { ...(await store.findTransaction(lotId))!, released }
  }

  /**
   * One batch of the pending-release job: locks the next accounts with due
   * pending lots (skipping those another transaction holds) and releases
   * their lots set-based; accounts in debt go lot by lot, paying it first.
   */
  @InjectManager()
  async releaseDueBatch(
    input: BatchCursor & { now?: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<BatchResult> {
    return this.releaseDueBatch_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async releaseDueBatch_(
    { now = new Date(), after, limit }: BatchCursor & { now?: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<BatchResult> {
    const store = this.store(sharedContext)
    const { candidates, locked } = await lockCandidateAccounts(store.trx, ACCOUNTS_WITH_DUE_PENDING, { now }, { after, limit })
    const totals = await releaseLockedAccounts(store.trx, locked, now)
    for (const accountId of totals.indebted) {
      const lots = await store.trx("loyalty_transaction")
        .where({ account_id: accountId, status: "pending" })
        .andWhere("available_at", "<=", now)
        .whereNull("deleted_at")
        .orderBy("id")
      let points = 0
      for (const lot of lots) {
        points += await this.releaseLockedLot(store, lot)
      }
      const account = (await store.lockAccount(accountId))!
      await addToOutbox(store.trx, POINTS_AVAILABLE, {
        account_id: accountId,
        customer_id: account.customer_id,
        points,
        balance: account.balance,
        transaction_ids: lots.map((lot) => lot.id),
      })
      totals.lots += lots.length
      totals.points += points
      totals.accounts++
    }
    return batchResult(candidates, locked, limit, totals)
  }

  /**
   * A credit cut to what fits under `max_balance` (balance plus pending),
   * decided under the account lock, so two credits at once cannot together
   * pass it. Null when nothing fits; a repeated key returns the first lot.
   */
  @InjectManager()
  async creditUpTo(input: CreditInput & { max_balance: number | null }, @MedusaContext() sharedContext: Context = {}) {
    return this.creditUpTo_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async creditUpTo_(
    input: CreditInput & { max_balance: number | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<TransactionRow | null> {
    const store = this.store(sharedContext)
    const account = await store.lockAccountOfCustomer(input.customer_id)
    return this.creditCappedLocked(store, account, input, sharedContext)
  }

  // ---------------------------------------------------------------- bonuses

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
  protected async creditBonus_(
    input: BonusCreditInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<TransactionRow | null> {
    const store = this.store(sharedContext)
    const account = await store.lockAccountOfCustomer(input.customer_id)
    return this.creditBonusLocked(store, account, input, sharedContext)
  }

  /**
   * Takes back a bonus lot (compensation of creditBonus) and its event, if
   * that has not gone out yet.
   */
  @InjectManager()
  async revokeBonus(lotId: string, reason: string, @MedusaContext() sharedContext: Context = {}) {
    const { allow_negative_balance } = await this.getProgramSettings(sharedContext)
    return this.revokeBonus_(lotId, reason, allow_negative_balance, sharedContext)
  }

  @InjectTransactionManager()
  protected async revokeBonus_(
    lotId: string,
    reason: string,
    allowNegative: boolean,
    @MedusaContext() sharedContext: Context = {}
  ) {
    const row = await this.reverse_(
      { transaction_id: lotId, keep_points: 0, reason, idempotency_key: `compensate:${lotId}` },
      allowNegative,
      sharedContext
    )
    await this.store(sharedContext)
      .trx("loyalty_outbox_event")
      .where({ name: BONUS_GRANTED })
      .whereRaw("data->>'transaction_id' = ?", [lotId])
      .delete()
    return row
  }

  /**
   * One batch of the birthday job: locks the next accounts celebrating today
   * (skipping those another run holds) and credits each its birthday bonus,
   * keyed by account and year, so overlapping runs and reruns credit once.
   */
  @InjectManager()
  async grantBirthdayBatch(
    input: BirthdayBatchInput & BatchCursor,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<BatchResult> {
    return this.grantBirthdayBatch_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async grantBirthdayBatch_(
    { celebrated, year, after, limit, ...grant }: BirthdayBatchInput & BatchCursor,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<BatchResult> {
    const store = this.store(sharedContext)
    const { candidates, locked } = await lockCandidateAccounts(
      store.trx,
      ACCOUNTS_WITH_BIRTHDAY,
      { celebrated },
      { after, limit }
    )
    const totals = { lots: 0, points: 0, accounts: 0 }
    for (const account of await store.lockAccounts(locked)) {
      const lot = await this.creditBonusLocked(
        store,
        account,
        {
          ...grant,
          customer_id: account.customer_id,
          bonus: "birthday_bonus",
          idempotency_key: birthdayBonusKey(account.id, year),
        },
        sharedContext
      )
      if (lot && !lot.replayed) {
        totals.lots++
        totals.points += lot.points
        totals.accounts++
      }
    }
    return batchResult(candidates, locked, limit, totals)
  }

  // ---------------------------------------------------------------- debits

  /** Spends available points, soonest-expiring lot first. Never overdraws. */
  @InjectManager()
  async debit(input: DebitInput, @MedusaContext() sharedContext: Context = {}) {
    return this.debit_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async debit_(
    input: DebitInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<TransactionRow> {
    assertPoints(input.points)
    const store = this.store(sharedContext)
    let account = await store.lockAccountOfCustomer(input.customer_id)
    const existing = await store.findTransactionByKey(input.idempotency_key)
    if (existing) {
      return sameOperationOrThrow(existing, account, -input.points)
    }
    account = (await this.expireDueLocked(store, account, new Date())).account
    assertSpendable(account, input.points)
    return this.spend(store, account, { ...input, allowDebt: false })
  }

  /** A signed manual correction: credits a lot or debits without overdrawing. */
  @InjectManager()
  async adjust(input: AdjustInput, @MedusaContext() sharedContext: Context = {}) {
    if (!Number.isSafeInteger(input.points) || input.points === 0) {
      throw invalid("points must be a non-zero whole number")
    }
    if (input.points > 0) {
      return this.credit_({ ...input, type: "adjust", status: "available" }, sharedContext)
    }
    return this.debit_({ ...input, type: "adjust", points: -input.points }, sharedContext)
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
  ): Promise<TransactionRow | null> {
    if (input.keep_points === undefined) {
      assertPoints(input.points!)
    } else if (!Number.isSafeInteger(input.keep_points) || input.keep_points < 0) {
      throw invalid(`keep_points must be a whole number of zero or more, got ${input.keep_points}`)
    }
    const store = this.store(sharedContext)
    const lot = await this.findLotOrThrow(store, input.transaction_id)
    let account = (await store.lockAccount(lot.account_id))!
    const existing = await store.findTransactionByKey(input.idempotency_key)
    if (existing) {
      return { ...existing, replayed: true }
    }
    const current = (await store.findTransaction(lot.id))!
    if (current.status === "available") {
      // Due points expire first, and what the lot loses to expiry now is not taken back again.
      account = (await this.expireDueLocked(store, account, new Date())).account
    }
    const taken = await store.pointsTakenFromLot(lot.id)
    const wanted =
      input.keep_points === undefined
        ? input.points!
        : current.points - taken.reversed - input.keep_points
    const reversible = Math.min(wanted, current.points - taken.reversed - taken.expired)
    if (reversible <= 0 || current.status === "void") {
      return null
    }
    const earning = EARNING_TYPES.has(current.type) ? -reversible : 0
    if (current.status === "pending") {
      const left = (current.remaining ?? 0) - reversible
      await store.setLot(current.id, { remaining: left, status: left === 0 ? "void" : "pending" })
      await store.applyFigures(account.id, { pending: -reversible, lifetime_earned: earning })
      return store.insertTransaction({
        account_id: account.id,
        type: "reversal",
        points: -reversible,
        status: "available",
        remaining: null,
        unsettled: null,
        available_at: null,
        expires_at: null,
        ...common(input),
        reference: current.id,
        order_id: input.order_id ?? current.order_id,
      })
    }

    const row = await this.spend(store, account, {
      ...input,
      type: "reversal",
      points: reversible,
      reference: current.id,
      order_id: input.order_id ?? current.order_id,
      preferLotId: current.id,
      allowDebt: allowNegative,
      shortfallAllowed: true,
    })
    if (EARNING_TYPES.has(current.type)) {
      await store.applyFigures(account.id, { lifetime_earned: row.points })
    }
    return row
  }

  /**
   * Brings an order's earned points to what its items earn now, under the
   * account lock: what the order holds and was entitled to is read there, so
   * repeated or concurrent settlements of one change move the points once.
   * A cancel, return, refund or an edit that lowers the order reverses the
   * excess, newest lots first; an edit, claim or exchange that raises it
   * earns the rise as a further lot. Null for an order that never earned:
   * only its placing does (a program that was off then stays off for it).
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
  ): Promise<OrderEarningSettlement | null> {
    const store = this.store(sharedContext)
    const lots = await store.orderEarnLots(input.order_id)
    if (!lots.length) {
      return null
    }
    const account = (await store.lockAccount(lots[0].account_id))!
    // Read again under the lock: a concurrent settlement may have written since.
    const locked = await store.orderEarnLots(input.order_id)
    const taken = await Promise.all(locked.map((lot) => store.pointsTakenFromLot(lot.id)))
    const earned = orderEarned(
      locked.map((lot, i) => ({
        points: lot.points,
        reversed: taken[i].reversed,
        entitled: lot.idempotency_key === input.earn_key ? lotEntitlement(lot) : Number(lot.details?.requested_points ?? lot.points),
      }))
    )
    const move = settlementMove(input.target_points, earned)
    const result: OrderEarningSettlement = { account_id: account.id, credited: null, reversed: 0 }

    if (move.credit > 0) {
      const lot = await this.creditCappedLocked(
        store,
        account,
        {
          customer_id: account.customer_id,
          type: "earn",
          ...input.credit,
          points: move.credit,
          order_id: input.order_id,
          reason: input.reason,
          idempotency_key: `${input.earn_key}:${locked.length + 1}`,
        },
        sharedContext
      )
      result.credited = lot && !lot.replayed ? lot : null
      return result
    }

    const parts = reversalsNewestFirst(
      move.reverse,
      locked.map((lot, i) => (lot.status === "void" ? 0 : lot.points - taken[i].reversed - taken[i].expired))
    )
    for (const [i, points] of parts.entries()) {
      if (points <= 0) {
        continue
      }
      const lot = locked[i]
      const row = await this.reverse_(
        {
          transaction_id: lot.id,
          points,
          order_id: input.order_id,
          reason: input.reason,
          // Keyed by the state it brings the lot to (what has been taken back from it in all),
          // which only grows: a second receipt of one return settles the difference, a repeat
          // of the same state writes nothing.
          idempotency_key: `reverse:${lot.id}:${taken[i].reversed + points}`,
        },
        allowNegative,
        sharedContext
      )
      result.reversed += row && !row.replayed ? -row.points : 0
    }
    return result
  }

  /**
   * Gives back points spent on an order (cancel, return) beyond what the order
   * keeps spent. The restored lot expires no later than the lots the points
   * came from, so a restore never brings expired points back to life.
   */
  @InjectManager()
  async restoreSpent(input: RestoreSpentInput, @MedusaContext() sharedContext: Context = {}) {
    return this.restoreSpent_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async restoreSpent_(
    input: RestoreSpentInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<TransactionRow | null> {
    const store = this.store(sharedContext)
    const found = await store.spentOnOrder(input.order_id)
    if (!found.account_id) {
      return null
    }
    const account = (await store.lockAccount(found.account_id))!
    const existing = await store.findTransactionByKey(input.idempotency_key)
    if (existing) {
      return { ...existing, replayed: true }
    }
    const spent = await store.spentOnOrder(input.order_id)
    const points = spent.redeemed - spent.restored - input.keep_spent_points
    if (points <= 0) {
      return null
    }
    const sources = await store.findTransactions(spent.lot_ids)
    // A redeem that took no lot (all of it debt) has no expiry to keep to.
    const expires_at = !sources.length || sources.some((lot) => !lot.expires_at)
      ? null
      : new Date(Math.max(...sources.map((lot) => new Date(lot.expires_at!).getTime())))
    return this.credit_(
      {
        customer_id: account.customer_id,
        type: "restore",
        status: "available",
        points,
        expires_at,
        ...common(input),
        order_id: input.order_id,
      },
      sharedContext
    )
  }

  /** Points redeemed on an order, net of none of its restores. */
  @InjectManager()
  async pointsRedeemedOnOrder(orderId: string, @MedusaContext() sharedContext: Context = {}) {
    const knex = (sharedContext.manager as any).getKnex()
    const [{ total }] = await knex("loyalty_transaction")
      .where({ order_id: orderId, type: "redeem" })
      .whereNull("deleted_at")
      .sum({ total: "points" })
    return -Number(total ?? 0)
  }

  // ---------------------------------------------------------------- expiry

  /** Expires the due lots of one lot's account; returns that lot's expire row, if it expired now. */
  @InjectManager()
  async expireLot(lotId: string, now: Date = new Date(), @MedusaContext() sharedContext: Context = {}) {
    return this.expireLot_(lotId, now, sharedContext)
  }

  @InjectTransactionManager()
  protected async expireLot_(
    lotId: string,
    now: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<TransactionRow | null> {
    const store = this.store(sharedContext)
    const lot = await this.findLotOrThrow(store, lotId)
    const account = (await store.lockAccount(lot.account_id))!
    const before = (await store.findTransaction(lotId))!.remaining
    await this.expireDueLocked(store, account, now)
    return (await store.findTransactionByKey(`expire:${lotId}:${before}`)) ?? null
  }

  /**
   * Account ids that split the accounts into `parts` ranges of about equal size, for
   * batches that run side by side: (none, first], (first, second], …, (last, none).
   * The ids are in PostgreSQL's order, the one the batches page by.
   */
  @InjectManager()
  async accountRangeBounds(parts: number, @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    if (parts < 2) {
      return []
    }
    const knex = (sharedContext.manager as any).getKnex()
    const { rows } = await knex.raw(
      `SELECT MAX(id) AS bound FROM (
         SELECT id, ntile(:parts) OVER (ORDER BY id) AS part FROM loyalty_account
       ) a GROUP BY part ORDER BY bound`,
      { parts }
    )
    return rows.slice(0, -1).map((row: { bound: string }) => row.bound)
  }

  /**
   * One batch of the expiry job: locks the next accounts (after `after`) that
   * have due lots, or, in the inactivity phase, that have been inactive too
   * long, and expires their lots set-based (see ledger/expiry.ts).
   */
  @InjectManager()
  async expireDueBatch(
    input: BatchCursor & ExpiryMoment & { phase: "lots" | "inactivity" },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<BatchResult> {
    return this.expireDueBatch_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async expireDueBatch_(
    { after, until, limit, phase, ...moment }: BatchCursor & ExpiryMoment & { phase: "lots" | "inactivity" },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<BatchResult> {
    const store = this.store(sharedContext)
    if (phase === "inactivity" && !moment.inactive_before) {
      return batchResult([], [], limit, { lots: 0, points: 0, accounts: 0 })
    }
    const { candidates, locked } = await lockCandidateAccounts(
      store.trx,
      phase === "lots" ? ACCOUNTS_WITH_DUE_LOTS : INACTIVE_ACCOUNTS,
      {
        now: moment.now,
        inactive_before: moment.inactive_before ?? null,
        active_since: moment.active_since ?? new Date(0),
      },
      { after, until, limit }
    )
    const totals = await expireLockedAccounts(store.trx, locked, moment)
    return batchResult(candidates, locked, limit, totals)
  }

  /** One batch of `loyalty.points_expiring` warnings for lots expiring by `until`. */
  @InjectManager()
  async warnExpiringBatch(
    input: { now: Date; until: Date; limit: number },
    @MedusaContext() sharedContext: Context = {}
  ) {
    return this.warnExpiringBatch_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async warnExpiringBatch_(
    input: { now: Date; until: Date; limit: number },
    @MedusaContext() sharedContext: Context = {}
  ) {
    return warnExpiringLots(this.store(sharedContext).trx, input)
  }

  /** One batch of inactivity warnings, over the next `limit` accounts after `after`. */
  @InjectManager()
  async warnInactiveBatch(
    input: Parameters<typeof warnInactiveAccounts>[1],
    @MedusaContext() sharedContext: Context = {}
  ) {
    return this.warnInactiveBatch_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async warnInactiveBatch_(
    input: Parameters<typeof warnInactiveAccounts>[1],
    @MedusaContext() sharedContext: Context = {}
  ) {
    return warnInactiveAccounts(this.store(sharedContext).trx, input)
  }

  /**
   * When inactivity expiry counts activity from: the moment it was switched
   * on (recorded now if the plugin options switched it on). Null when off.
   */
  @InjectTransactionManager()
  async inactivityActiveSince(@MedusaContext() sharedContext: Context = {}): Promise<Date | null> {
    const [row] = await this.listLoyaltyPrograms({}, { take: 1 }, sharedContext)
    if (!(mergeSettings(this.defaults_, row).inactivity_days > 0)) {
      return null
    }
    if (row?.inactivity_enabled_at) {
      return new Date(row.inactivity_enabled_at)
    }
    const now = new Date()
    if (row) {
      await this.updateLoyaltyPrograms({ id: row.id, inactivity_enabled_at: now }, sharedContext)
    } else {
      await this.createLoyaltyPrograms({ inactivity_enabled_at: now }, sharedContext)
    }
    return now
  }

  // ---------------------------------------------------------------- achievements

  /**
   * The achievement thresholds an account was awarded, from its ledger: how
   * many times each was, and what its latest award still holds.
   */
  @InjectManager()
  async achievementRecords(accountId: string, @MedusaContext() sharedContext: Context = {}) {
    const { rows } = await (sharedContext.manager as any).getKnex().raw(
      `WITH awards AS (
         SELECT reference, COUNT(*) AS awards, (array_agg(id ORDER BY created_at DESC, id DESC))[1] AS latest_id
         FROM loyalty_transaction
         WHERE account_id = :account AND type = 'bonus' AND reference LIKE 'achievement:%' AND deleted_at IS NULL
         GROUP BY reference
       )
       SELECT w.reference, w.awards, w.latest_id, l.details,
         l.points + COALESCE((
           SELECT SUM(r.points) FROM loyalty_transaction r
           WHERE r.reference = l.id AND r.type = 'reversal' AND r.deleted_at IS NULL
         ), 0) AS held_points
       FROM awards w JOIN loyalty_transaction l ON l.id = w.latest_id
       ORDER BY w.reference`,
      { account: accountId }
    )
    return rows.map((row: any) => ({
      currency_code: String(row.details?.currency_code ?? ""),
      spend: String(row.details?.spend ?? "0"),
      awards: Number(row.awards),
      held_points: Math.max(Number(row.held_points), 0),
      latest_id: row.latest_id as string,
    }))
  }

  // ---------------------------------------------------------------- tiers

  /**
   * Moves a customer's account to the tier its order points in the window
   * reach (after an order, a return or a cancel); `loyalty.tier_changed`
   * goes to the outbox with the change. Null when the customer has no account.
   */
  @InjectTransactionManager()
  async recomputeTier(
    customerId: string,
    now: Date = new Date(),
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ account_id: string; tier_id: string | null; changed: boolean } | null> {
    const store = this.store(sharedContext)
    const [found] = await this.listLoyaltyAccounts({ customer_id: customerId }, { select: ["id"] }, sharedContext)
    if (!found) {
      return null
    }
    const account = (await store.lockAccount(found.id))!
    const { changed } = await recomputeLockedTiers(store.trx, [account.id], await this.tierContext(now, sharedContext))
    return { account_id: account.id, tier_id: changed[0]?.tier_id ?? account.tier_id ?? null, changed: changed.length > 0 }
  }

  /** One batch of the daily tier recompute: the next accounts after `after`, skipping locked ones. */
  @InjectManager()
  async recomputeTiersBatch(input: BatchCursor & { now?: Date }, @MedusaContext() sharedContext: Context = {}) {
    return this.recomputeTiersBatch_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async recomputeTiersBatch_(
    { after, limit, now = new Date() }: BatchCursor & { now?: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<BatchResult> {
    const store = this.store(sharedContext)
    const { candidates, locked } = await lockCandidateAccounts(store.trx, ACCOUNTS_IN_ORDER, {}, { after, limit })
    const { accounts } = await recomputeLockedTiers(store.trx, locked, await this.tierContext(now, sharedContext))
    return batchResult(candidates, locked, limit, { lots: 0, points: 0, accounts })
  }

  protected async tierContext(now: Date, sharedContext: Context) {
    const [tiers, settings] = await Promise.all([
      this.listRecords("tier", {}, sharedContext),
      this.getProgramSettings(sharedContext),
    ])
    return { tiers, since: tierWindowStart(now, settings.tier_window_days) }
  }

  // ---------------------------------------------------------------- events

  /**
   * Hands up to `limit` of the events the ledger wrote (expired, expiring,
   * available) to `send`, and forgets them once it returns: the module has no
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

  // ---------------------------------------------------------------- reservations

  /** Holds points for a cart; a second call for the cart replaces the amount. */
  @InjectManager()
  async reserve(input: ReserveInput, @MedusaContext() sharedContext: Context = {}) {
    return this.reserve_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async reserve_(
    input: ReserveInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReservationRow> {
    assertPoints(input.points)
    const store = this.store(sharedContext)
    let account = await store.lockAccountOfCustomer(input.customer_id)
    // Due points no cart holds expire first, so a hold never takes them.
    account = (await this.expireDueLocked(store, account, new Date())).account
    const held = await store.activeReservation(input.cart_id)
    if (held && held.account_id !== account.id) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The cart's points belong to another customer")
    }
    const heldPoints = held?.points ?? 0
    assertSpendable({ ...account, reserved: account.reserved - heldPoints }, input.points)
    // A new amount is allocated afresh, the cart's own held parts included, so it keeps its earliest points.
    const lots = await this.allocateHold(store, account, input.points, held?.id)

    const reservation = held
      ? await store.updateReservation(held.id, {
          points: input.points,
          lots,
          expires_at: input.expires_at,
          promotion_id: input.promotion_id ?? held.promotion_id,
        })
      : await store.insertReservation({
          account_id: account.id,
          cart_id: input.cart_id,
          points: input.points,
          lots,
          expires_at: input.expires_at,
          promotion_id: input.promotion_id ?? null,
        })
    account = await store.applyFigures(account.id, { reserved: input.points - heldPoints })
    if (held) {
      await this.afterHoldShrank(store, account)
    }
    return reservation
  }

  /**
   * Turns a cart's hold into a redeem debit for its order, exactly once. The
   * points were promised to the order, so a clawback in between may leave debt.
   */
  @InjectManager()
  async commitReservation(
    input: CommitReservationInput,
    @MedusaContext() sharedContext: Context = {}
  ) {
    return this.commitReservation_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async commitReservation_(
    input: CommitReservationInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ reservation: ReservationRow; transaction: TransactionRow | null } | null> {
    const store = this.store(sharedContext)
    const found = await store.latestReservation(input.cart_id)
    if (!found) {
      return null
    }
    let account = (await store.lockAccount(found.account_id))!
    const key = `redeem:${found.id}`
    const reservation = (await store.latestReservation(input.cart_id))!
    const done = await store.findTransactionByKey(key)
    if (done || reservation.status === "committed") {
      return { reservation, transaction: done ? { ...done, replayed: true } : null }
    }
    // A released hold is only paid when the caller saw its discount on the order.
    const points = Math.min(input.points ?? (reservation.status === "active" ? reservation.points : 0), reservation.points)
    const redeem = {
      type: "redeem" as const,
      points,
      order_id: input.order_id,
      reference: reservation.cart_id,
      idempotency_key: key,
    }
    let transaction: TransactionRow | null = null
    if (reservation.status === "active") {
      // The order spends the held points themselves, expired or not: they were the cart's.
      transaction = points > 0 ? await this.spendHold(store, account, reservation, redeem) : null
      account = await store.applyFigures(account.id, { reserved: -reservation.points })
    } else if (points <= 0) {
      return null
    } else {
      // A hold released while its cart completed anyway still pays for the discount the order got.
      account = (await this.expireDueLocked(store, account, new Date())).account
      transaction = await this.spend(store, account, { ...redeem, allowDebt: true })
    }
    const committed = await store.updateReservation(reservation.id, {
      status: points > 0 ? "committed" : "released",
      order_id: input.order_id,
    })
    if (reservation.status === "active") {
      await this.afterHoldShrank(store, account)
    }
    return { reservation: committed, transaction }
  }

  /** Gives a cart's held points back; a no-op when nothing is held. */
  @InjectManager()
  async releaseReservation(cartId: string, @MedusaContext() sharedContext: Context = {}) {
    return this.releaseReservation_(cartId, sharedContext)
  }

  @InjectTransactionManager()
  protected async releaseReservation_(
    cartId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReservationRow | null> {
    const store = this.store(sharedContext)
    const found = await store.activeReservation(cartId)
    if (!found) {
      return null
    }
    await store.lockAccount(found.account_id)
    const reservation = await store.activeReservation(cartId)
    if (!reservation) {
      return null
    }
    const account = await store.applyFigures(reservation.account_id, { reserved: -reservation.points })
    const released = await store.updateReservation(reservation.id, { status: "released" })
    await this.afterHoldShrank(store, account)
    return released
  }

  // ---------------------------------------------------------------- checks

  /**
   * A customer's account, its next `expiringShown` expiring lots and its
   * order points in the tier window, read in one statement, with the tiers.
   */
  @InjectManager()
  async retrieveAccountSnapshot(
    customerId: string,
    expiringShown: number,
    @MedusaContext() sharedContext: Context = {}
  ) {
    const { tiers, since } = await this.tierContext(new Date(), sharedContext)
    const account = await readAccountSnapshot((sharedContext.manager as any).getKnex(), customerId, expiringShown, since)
    return { account, tiers }
  }

  /** The program's report figures for [from, to) (see ledger/reports.ts). */
  @InjectManager()
  async programFigures(from: Date, to: Date, @MedusaContext() sharedContext: Context = {}) {
    return readProgramFigures((sharedContext.manager as any).getKnex(), from, to)
  }

  /** Which of these customers have a loyalty account. */
  @InjectManager()
  async customersWithAccounts(customerIds: string[], @MedusaContext() sharedContext: Context = {}) {
    if (!customerIds.length) {
      return new Set<string>()
    }
    const rows: { customer_id: string }[] = await (sharedContext.manager as any)
      .getKnex()("loyalty_account")
      .select("customer_id")
      // One array parameter, however many customers (an IN list has a bind limit).
      .whereRaw("customer_id = ANY(?)", [customerIds])
    return new Set(rows.map((row) => row.customer_id))
  }

  /** Recomputes every figure of the given (or all) accounts from the ledger. */
  @InjectManager()
  async verifyAccounts(
    accountIds?: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AccountDiscrepancy[]> {
    const manager = sharedContext.manager as any
    return verifyAccountFigures(manager.getKnex(), accountIds)
  }

  // ---------------------------------------------------------------- job runs

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

  // ---------------------------------------------------------------- ledger health

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
  protected async finishLedgerCheck_(
    checkId: string,
    error: string | null,
    @MedusaContext() sharedContext: Context = {}
  ) {
    return finishLedgerCheck(this.store(sharedContext).trx, checkId, { error })
  }

  /** The last ledger check that ended and the one running now. */
  @InjectManager()
  async retrieveLedgerHealth(@MedusaContext() sharedContext: Context = {}) {
    return readLedgerHealth((sharedContext.manager as any).getKnex())
  }

  // ---------------------------------------------------------------- internals

  protected store(sharedContext: Context) {
    const knex = (sharedContext.transactionManager as any)?.getTransactionContext()
    if (!knex) {
      // A FOR UPDATE outside a transaction would release its lock at once.
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        "Loyalty ledger operations must run inside a transaction"
      )
    }
    return new LedgerStore(knex)
  }

  protected async findLotOrThrow(store: LedgerStore, lotId: string) {
    const lot = await store.findTransaction(lotId)
    if (!lot || lot.points <= 0) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Credit lot ${lotId} was not found`)
    }
    return lot
  }

  /** creditBonus on an account this transaction has locked. */
  protected async creditBonusLocked(
    store: LedgerStore,
    account: AccountRow,
    { bonus, ...input }: BonusCreditInput,
    sharedContext: Context
  ): Promise<TransactionRow | null> {
    const lot = await this.creditCappedLocked(
      store,
      account,
      {
        ...input,
        customer_id: account.customer_id,
        type: "bonus",
        status: input.status ?? "available",
        details: { ...(input.details ?? {}), bonus },
      },
      sharedContext
    )
    if (!lot || lot.replayed) {
      return lot
    }
    await addToOutbox(store.trx, BONUS_GRANTED, {
      account_id: account.id,
      customer_id: account.customer_id,
      bonus,
      points: lot.points,
      expires_at: lot.expires_at ? new Date(lot.expires_at).toISOString() : null,
      transaction_id: lot.id,
    })
    return lot
  }

  /**
   * A credit on a locked account, cut to what fits under max_balance (balance
   * plus pending); null when nothing fits. A repeated key returns the first
   * lot: one that was cut holds fewer points and is still the same credit.
   */
  protected async creditCappedLocked(
    store: LedgerStore,
    account: AccountRow,
    { max_balance, ...input }: CreditInput & { max_balance: number | null },
    sharedContext: Context
  ): Promise<TransactionRow | null> {
    const existing = await store.findTransactionByKey(input.idempotency_key)
    if (existing) {
      if (existing.account_id !== account.id || existing.type !== input.type || existing.points > input.points) {
        throw conflict(existing.idempotency_key)
      }
      return { ...existing, replayed: true }
    }
    const points = capToMaxBalance(input.points, account.balance + account.pending, max_balance)
    if (points <= 0) {
      return null
    }
    const capped = points < input.points ? { capped_by: "max_balance", requested_points: input.points } : {}
    return this.credit_({ ...input, points, details: { ...(input.details ?? {}), ...capped } }, sharedContext)
  }

  /** A new credit pays outstanding debt first; returns what is left for its lot. */
  protected async payDebts(store: LedgerStore, accountId: string, points: number) {
    const debts = await store.openDebts(accountId)
    if (!debts.length) {
      return points
    }
    const { settlements, leftover } = settleDebts(
      debts.map((d) => ({ id: d.id, unsettled: d.unsettled!, created_at: d.created_at })),
      points
    )
    for (const { debt_id, points: paid } of settlements) {
      const debt = debts.find((d) => d.id === debt_id)!
      await store.setUnsettled(debt_id, debt.unsettled! - paid)
    }
    return leftover
  }

  /**
   * Writes the debit row and takes its points from lots, FIFO, never from
   * the parts carts hold. A clawback that only held points could cover makes
   * that part debt, whatever the program says about negative balances: the
   * cart's order pays it, or the points pay it back when the hold ends.
   */
  protected async spend(
    store: LedgerStore,
    account: AccountRow,
    input: SpendInput & {
      preferLotId?: string
      allowDebt: boolean
      shortfallAllowed?: boolean
    }
  ): Promise<TransactionRow> {
    const lots = await store.lotsToSpend(account.id, input.points, { preferLotId: input.preferLotId })
    const { allocations, shortfall } = allocateFifo(lots.map(freePart), input.points, input.preferLotId)
    const heldShortfall =
      shortfall > 0 && !input.allowDebt && input.shortfallAllowed
        ? Math.min(shortfall, await store.heldPoints(account.id))
        : 0
    const debt = input.allowDebt ? shortfall : heldShortfall
    const uncovered = shortfall - debt
    if (uncovered > 0 && !input.shortfallAllowed) {
      throw notEnoughPoints(account, input.points)
    }
    return this.writeDebit(store, account, input, lots, allocations, {
      debt,
      ...(uncovered > 0 ? { shortfall: uncovered } : {}),
    })
  }

  /**
   * Spends `points` of a cart's hold for its order: the held parts, first-expiring
   * first. A hold that a clawback left uncovered (from before holds named their
   * lots) makes the rest debt, paid from unheld points once the hold ends.
   */
  protected async spendHold(store: LedgerStore, account: AccountRow, hold: ReservationRow, input: SpendInput) {
    const lots = (await store.findTransactions(hold.lots.map((part) => part.lot_id))).filter(
      (lot) => lot.account_id === account.id && lot.status === "available" && lot.points > 0
    )
    const open = lots.map((lot) => ({ ...lot, remaining: lot.remaining ?? 0 }))
    const { allocations, shortfall } = spendFromHold(open, hold.lots, input.points)
    return this.writeDebit(store, account, input, open, allocations, { debt: shortfall })
  }

  /** The debit row for `allocations` taken from `lots`, plus `debt` the lots did not cover. */
  protected async writeDebit(
    store: LedgerStore,
    account: AccountRow,
    input: SpendInput,
    lots: { id: string; remaining: number | null }[],
    allocations: Allocation[],
    { debt, shortfall }: { debt: number; shortfall?: number }
  ): Promise<TransactionRow> {
    for (const { lot_id, points: taken } of allocations) {
      const lot = lots.find((l) => l.id === lot_id)!
      await store.setLot(lot_id, { remaining: lot.remaining! - taken })
    }
    const points = allocations.reduce((sum, part) => sum + part.points, 0) + debt
    const details = { ...(input.details ?? {}), lots: allocations, ...(shortfall ? { shortfall } : {}) }
    await store.applyFigures(
      account.id,
      { balance: -points, lifetime_spent: input.type === "redeem" ? points : 0 },
      ACTIVITY_TYPES.has(input.type)
    )
    // A reversal that found nothing to take still writes its (zero) row, so the
    // key is spent and the shortfall is on record.
    return store.insertTransaction(this.debitRow(account, input, -points, details, debt || null))
  }

  /** A hold to allocate: `points` of the unheld parts (and hold `holdId`'s own), first-expiring first. */
  protected async allocateHold(store: LedgerStore, account: AccountRow, points: number, holdId?: string) {
    const lots = await store.lotsToSpend(account.id, points, { ignoreHoldId: holdId })
    const { allocations, shortfall } = allocateFifo(lots.map(freePart), points)
    if (shortfall > 0) {
      throw notEnoughPoints(account, points)
    }
    return allocations
  }

  /**
   * After a hold ended or shrank, the parts it no longer keeps are the
   * account's again: those past their time expire now, and debt that a
   * clawback left while they were held is paid from what is free, oldest debt
   * first, as a new credit would pay it.
   */
  protected async afterHoldShrank(store: LedgerStore, account: AccountRow) {
    await this.expireDueLocked(store, account, new Date())
    const debts = await store.openDebts(account.id)
    if (!debts.length) {
      return
    }
    const owed = debts.reduce((sum, debt) => sum + debt.unsettled!, 0)
    const lots = await store.lotsToSpend(account.id, owed)
    const { allocations, shortfall } = allocateFifo(lots.map(freePart), owed)
    for (const { lot_id, points: taken } of allocations) {
      const lot = lots.find((l) => l.id === lot_id)!
      await store.setLot(lot_id, { remaining: lot.remaining - taken })
    }
    const { settlements } = settleDebts(
      debts.map((d) => ({ id: d.id, unsettled: d.unsettled!, created_at: d.created_at })),
      owed - shortfall
    )
    for (const { debt_id, points: paid } of settlements) {
      const debt = debts.find((d) => d.id === debt_id)!
      await store.setUnsettled(debt_id, debt.unsettled! - paid)
    }
  }

  protected debitRow(
    account: AccountRow,
    input: SpendInput,
    points: number,
    details: Record<string, unknown>,
    unsettled: number | null
  ): Omit<TransactionRow, "id" | "created_at"> {
    return {
      account_id: account.id,
      type: input.type,
      points,
      status: "available",
      remaining: null,
      unsettled,
      available_at: null,
      expires_at: null,
      ...common({ ...input, details }),
    }
  }

  /** Makes a locked pending lot available, paying debt first; returns the points released. */
  protected async releaseLockedLot(store: LedgerStore, lot: TransactionRow) {
    const points = lot.remaining ?? 0
    const remaining = await this.payDebts(store, lot.account_id, points)
    await store.setLot(lot.id, { remaining, status: "available" })
    await store.applyFigures(lot.account_id, { balance: points, pending: -points })
    return points
  }

  /**
   * Expires the locked account's lots whose time has passed before it spends,
   * so spending never takes expired points; the same statement as the job's.
   */
  protected async expireDueLocked(
    store: LedgerStore,
    account: AccountRow,
    now: Date
  ): Promise<{ account: AccountRow }> {
    const { lots } = await expireLockedAccounts(store.trx, [account.id], { now })
    return { account: lots ? (await store.lockAccount(account.id))! : account }
  }
}

/** What a debit row is made of, whatever it draws on. */
type SpendInput = Omit<DebitInput, "customer_id" | "type"> & { type: TransactionRow["type"] }

/** An open lot as spending sees it: only the part no cart holds. */
function freePart(lot: OpenLot) {
  return { id: lot.id, remaining: lot.free, expires_at: lot.expires_at, created_at: lot.created_at }
}

/** A batch's result; the cursor moves past every candidate, skipped ones included. */
function batchResult(
  candidates: string[],
  locked: string[],
  limit: number,
  totals: { lots: number; points: number; accounts: number }
): BatchResult {
  return {
    next_after: candidates.length < limit ? null : candidates[candidates.length - 1],
    skipped: candidates.length - locked.length,
    lots: totals.lots,
    points: totals.points,
    accounts: totals.accounts,
  }
}

function common(input: {
  reason?: string | null
  order_id?: string | null
  reference?: string | null
  created_by?: string | null
  details?: Record<string, unknown> | null
  idempotency_key: string
}) {
  return {
    order_id: input.order_id ?? null,
    reference: input.reference ?? null,
    reason: input.reason ?? null,
    created_by: input.created_by ?? null,
    idempotency_key: input.idempotency_key,
    details: input.details ?? null,
  }
}

function mergeSettings(defaults: ProgramSettings, row?: Record<string, any>): ProgramSettings {
  const settings: Record<string, unknown> = { ...defaults }
  const named = new Set<string>(JSON_SETTING_NAMES)
  for (const name of JSON_SETTING_NAMES) {
    if (row?.settings && Object.prototype.hasOwnProperty.call(row.settings, name)) {
      settings[name] = row.settings[name]
    }
  }
  for (const name of PROGRAM_SETTING_NAMES) {
    if (named.has(name)) {
      continue
    }
    const value = row?.[name]
    if (value !== null && value !== undefined) {
      settings[name] = typeof defaults[name] === "number" ? Number(value) : value
    }
  }
  return settings as ProgramSettings
}

/** A repeated key must mean the same operation, not a different one. */
function sameOperationOrThrow(existing: TransactionRow, account: AccountRow, points: number) {
  if (existing.account_id !== account.id || existing.points !== points) {
    throw conflict(existing.idempotency_key)
  }
  return { ...existing, replayed: true as const }
}

function conflict(key: string) {
  return new MedusaError(
    MedusaError.Types.CONFLICT,
    `idempotency_key ${key} was already used for a different operation`
  )
}

function assertPoints(points: number) {
  if (!isValidPoints(points)) {
    throw invalid(`points must be a positive whole number, got ${points}`)
  }
}

function assertSpendable(account: AccountRow, points: number) {
  if (account.balance - account.reserved < points) {
    throw notEnoughPoints(account, points)
  }
}

function notEnoughPoints(account: AccountRow, points: number) {
  const spendable = Math.max(0, account.balance - account.reserved)
  return new MedusaError(
    MedusaError.Types.NOT_ALLOWED,
    `Not enough points: ${points} requested, ${spendable} available`
  )
}

function invalid(message: string) {
  return new MedusaError(MedusaError.Types.INVALID_DATA, message)
}

export default LoyaltyModuleService
