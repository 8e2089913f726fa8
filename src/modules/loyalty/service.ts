import type { Context } from "@medusajs/framework/types"
import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import { allocateFifo, isValidPoints, settleDebts } from "../../lib"
import { LedgerStore } from "./ledger/ledger-store"
import { readAccountSnapshot } from "./ledger/account-snapshot"
import { ACCOUNTS_WITH_DUE_LOTS, expireLockedAccounts, type ExpiryMoment, INACTIVE_ACCOUNTS } from "./ledger/expiry"
import { addToOutbox, deliverOutbox, type OutboxEvent } from "./ledger/outbox"
import { ACCOUNTS_WITH_DUE_PENDING, POINTS_AVAILABLE, releaseLockedAccounts } from "./ledger/release"
import { readProgramFigures } from "./ledger/reports"
import { lockCandidateAccounts } from "./ledger/sql"
import { warnExpiringLots, warnInactiveAccounts } from "./ledger/warnings"
import { verifyAccountFigures } from "./ledger/verify"
import type {
  AccountDiscrepancy,
  AccountRow,
  AdjustInput,
  CommitReservationInput,
  CreditInput,
  DebitInput,
  FigureDeltas,
  ReservationRow,
  ReserveInput,
  RestoreSpentInput,
  ReverseInput,
  TransactionRow,
} from "./ledger/types"
import {
  LoyaltyAccount,
  LoyaltyOutboxEvent,
  LoyaltyProgram,
  LoyaltyReservation,
  LoyaltyTransaction,
} from "./models"
import {
  defaultsFromOptions,
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
      if (data.point_values) {
        // Updates merge JSON objects; a currency left out of a new map must go.
        await this.updateLoyaltyPrograms({ id: row.id, point_values: null }, sharedContext)
      }
      await this.updateLoyaltyPrograms({ id: row.id, ...data }, sharedContext)
    } else {
      await this.createLoyaltyPrograms(data, sharedContext)
    }
    const [saved] = await this.listLoyaltyPrograms({}, { take: 1 }, sharedContext)
    return mergeSettings(this.defaults_, saved)
  }

  // ---------------------------------------------------------------- accounts

  @InjectTransactionManager()
  async getOrCreateAccount(
    customerId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AccountRow> {
    return this.store(sharedContext).lockAccountOfCustomer(customerId)
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

    account = (await this.expireDueLocked(store, account, new Date())).account
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
    const expires_at = sources.some((lot) => !lot.expires_at)
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
    account = (await this.expireDueLocked(store, account, new Date())).account
    const held = await store.activeReservation(input.cart_id)
    if (held && held.account_id !== account.id) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The cart's points belong to another customer")
    }
    const heldPoints = held?.points ?? 0
    assertSpendable({ ...account, reserved: account.reserved - heldPoints }, input.points)

    const reservation = held
      ? await store.updateReservation(held.id, {
          points: input.points,
          expires_at: input.expires_at,
          promotion_id: input.promotion_id ?? held.promotion_id,
        })
      : await store.insertReservation({
          account_id: account.id,
          cart_id: input.cart_id,
          points: input.points,
          expires_at: input.expires_at,
          promotion_id: input.promotion_id ?? null,
        })
    await store.applyFigures(account.id, { reserved: input.points - heldPoints })
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
    if (reservation.status === "active") {
      account = await store.applyFigures(account.id, { reserved: -reservation.points })
    } else if (points <= 0) {
      return null
    }
    // A hold released while its cart completed anyway still pays for the discount the order got.
    account = (await this.expireDueLocked(store, account, new Date())).account
    const transaction =
      points > 0
        ? await this.spend(store, account, {
            type: "redeem",
            points,
            order_id: input.order_id,
            reference: reservation.cart_id,
            idempotency_key: key,
            allowDebt: true,
          })
        : null
    const committed = await store.updateReservation(reservation.id, {
      status: points > 0 ? "committed" : "released",
      order_id: input.order_id,
    })
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
    await store.applyFigures(reservation.account_id, { reserved: -reservation.points })
    return store.updateReservation(reservation.id, { status: "released" })
  }

  // ---------------------------------------------------------------- checks

  /** A customer's account and its next `expiringShown` expiring lots, read in one statement. */
  @InjectManager()
  async retrieveAccountSnapshot(
    customerId: string,
    expiringShown: number,
    @MedusaContext() sharedContext: Context = {}
  ) {
    const manager = sharedContext.manager as any
    return readAccountSnapshot(manager.getKnex(), customerId, expiringShown)
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

  /** Writes the debit row and takes its points from lots, FIFO. */
  protected async spend(
    store: LedgerStore,
    account: AccountRow,
    input: Omit<DebitInput, "customer_id" | "type"> & {
      type: TransactionRow["type"]
      preferLotId?: string
      allowDebt: boolean
      shortfallAllowed?: boolean
    }
  ): Promise<TransactionRow> {
    const lots = await store.lotsToSpend(account.id, input.points, input.preferLotId)
    const { allocations, shortfall } = allocateFifo(
      lots.map((l) => ({
        id: l.id,
        remaining: l.remaining!,
        expires_at: l.expires_at,
        created_at: l.created_at,
      })),
      input.points,
      input.preferLotId
    )
    const covered = input.points - shortfall
    const debt = input.allowDebt ? shortfall : 0
    const points = covered + debt
    if (shortfall > 0 && !input.allowDebt && !input.shortfallAllowed) {
      throw notEnoughPoints(account, input.points)
    }
    for (const { lot_id, points: taken } of allocations) {
      const lot = lots.find((l) => l.id === lot_id)!
      await store.setLot(lot_id, { remaining: lot.remaining! - taken })
    }
    const details = {
      ...(input.details ?? {}),
      lots: allocations,
      ...(shortfall > 0 && !input.allowDebt ? { shortfall } : {}),
    }
    await store.applyFigures(
      account.id,
      { balance: -points, lifetime_spent: input.type === "redeem" ? points : 0 },
      ACTIVITY_TYPES.has(input.type)
    )
    // A reversal that found nothing to take still writes its (zero) row, so the
    // key is spent and the shortfall is on record.
    return store.insertTransaction(this.debitRow(account, input, -points, details, debt || null))
  }

  protected debitRow(
    account: AccountRow,
    input: Parameters<LoyaltyModuleService["spend"]>[2],
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
  for (const name of PROGRAM_SETTING_NAMES) {
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
    throw new MedusaError(
      MedusaError.Types.CONFLICT,
      `idempotency_key ${existing.idempotency_key} was already used for a different operation`
    )
  }
  return { ...existing, replayed: true as const }
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
