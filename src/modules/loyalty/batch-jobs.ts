import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { BatchCursor, BatchResult, WinbackBatchInput } from "../../types/loyalty/module"
import { birthdayBonusKey, winbackBonusKey } from "../../lib/rules"
import { creditBonus } from "./ledger-operations"
import { ACCOUNTS_WITH_BIRTHDAY } from "./ledger/bonuses"
import { ACCOUNTS_WITH_DUE_LOTS, expireLockedAccounts, type ExpiryMoment, INACTIVE_ACCOUNTS } from "./ledger/expiry"
import type { LedgerStore } from "./ledger/ledger-store"
import { addToOutbox } from "./ledger/outbox"
import { ACCOUNTS_WITH_DUE_PENDING, POINTS_AVAILABLE, releaseLockedAccounts } from "./ledger/release"
import { releaseLockedLot } from "./ledger/spending"
import { lockCandidateAccounts } from "./ledger/sql"
import { ACCOUNTS_IN_ORDER, recomputeLockedTiers } from "./ledger/tiers"
import type { BirthdayBatchInput } from "./ledger/types"
import { ACCOUNTS_DUE_FOR_WINBACK, dueForWinback, markWinbackSent } from "./ledger/winback"
import type { TierView } from "./program/records"

/**
 * One batch of each scheduled job (src/jobs): it locks the next accounts
 * after the cursor that have work, skipping those another transaction holds
 * (the run's last sweep waits for them), and does that work set-based with the
 * statements in ledger/. Each runs on the caller's transaction.
 */

/**
 * The pending-release job: releases the due pending lots set-based; accounts
 * in debt go lot by lot, paying it first.
 */
export async function releaseDueBatch(
  store: LedgerStore,
  { now = new Date(), ...cursor }: BatchCursor & { now?: Date }
): Promise<BatchResult> {
  const { candidates, locked } = await lockCandidateAccounts(store.trx, ACCOUNTS_WITH_DUE_PENDING, { now }, cursor)
  const totals = await releaseLockedAccounts(store.trx, locked, now)
  for (const accountId of totals.indebted) {
    const lots = await store.trx("loyalty_transaction")
      .where({ account_id: accountId, status: "pending" })
      .andWhere("available_at", "<=", now)
      .whereNull("deleted_at")
      .orderBy("id")
    let points = 0
    for (const lot of lots) {
      points += await releaseLockedLot(store, lot)
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
  return batchResult(candidates, locked, cursor.limit, totals)
}

/**
 * The expiry job: accounts that have due lots, or, in the inactivity phase,
 * that have been inactive too long; their lots expire set-based (ledger/expiry.ts).
 */
export async function expireDueBatch(
  store: LedgerStore,
  { after, until, limit, wait_for_locks, phase, ...moment }: BatchCursor & ExpiryMoment & { phase: "lots" | "inactivity" }
): Promise<BatchResult> {
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
    { after, until, limit, wait_for_locks }
  )
  const totals = await expireLockedAccounts(store.trx, locked, moment)
  return batchResult(candidates, locked, limit, totals)
}

/**
 * Account ids that split the accounts into `parts` ranges of about equal size, for
 * batches that run side by side: (none, first], (first, second], …, (last, none).
 * The ids are in PostgreSQL's order, the one the batches page by.
 */
export async function accountRangeBounds(knex: Knex, parts: number): Promise<string[]> {
  if (parts < 2) {
    return []
  }
  const { rows } = await knex.raw(
    `SELECT MAX(id) AS bound FROM (
       SELECT id, ntile(:parts) OVER (ORDER BY id) AS part FROM loyalty_account
     ) a GROUP BY part ORDER BY bound`,
    { parts }
  )
  return rows.slice(0, -1).map((row: { bound: string }) => row.bound)
}

/**
 * The birthday job: the accounts celebrating on one of the dates each get
 * their birthday bonus, keyed by account and year, so overlapping runs and
 * reruns credit once.
 */
export async function grantBirthdayBatch(
  store: LedgerStore,
  { celebrated, year, after, until, limit, wait_for_locks, ...grant }: BirthdayBatchInput & BatchCursor
): Promise<BatchResult> {
  const { candidates, locked } = await lockCandidateAccounts(
    store.trx,
    ACCOUNTS_WITH_BIRTHDAY,
    { celebrated },
    { after, until, limit, wait_for_locks }
  )
  const totals = { lots: 0, points: 0, accounts: 0 }
  for (const account of await store.lockAccounts(locked)) {
    const lot = await creditBonus(store, account, {
      ...grant,
      customer_id: account.customer_id,
      bonus: "birthday_bonus",
      idempotency_key: birthdayBonusKey(account.id, year),
    })
    if (lot && !lot.replayed) {
      totals.lots++
      totals.points += lot.points
      totals.accounts++
    }
  }
  return batchResult(candidates, locked, limit, totals)
}

/**
 * The win-back job: each shopper with spendable points and no order since `quiet_before`,
 * not written to in this quiet period, gets the period's bonus (keyed by account and the
 * period's start, so overlapping runs and reruns credit once) and one `loyalty.winback`.
 */
export async function winbackBatch(
  store: LedgerStore,
  { now, quiet_before, winback_days, bonus, max_balance, ...cursor }: WinbackBatchInput & BatchCursor
): Promise<BatchResult> {
  const { limit } = cursor
  const { candidates, locked } = await lockCandidateAccounts(store.trx, ACCOUNTS_DUE_FOR_WINBACK, { quiet_before }, cursor)
  const due = await dueForWinback(store.trx, locked, quiet_before)
  const totals = { lots: 0, points: 0, accounts: 0 }
  const sent: { account_id: string; bonus_points: number | null }[] = []
  const accounts = new Map((await store.lockAccounts(due.map((account) => account.id))).map((account) => [account.id, account]))
  for (const { id, quiet_since } of due) {
    const lot = bonus
      ? await creditBonus(store, accounts.get(id)!, {
          ...bonus,
          max_balance,
          customer_id: accounts.get(id)!.customer_id,
          bonus: "winback_bonus",
          reason: "Win-back bonus",
          idempotency_key: winbackBonusKey(id, quiet_since),
        })
      : null
    if (lot && !lot.replayed) {
      totals.lots++
      totals.points += lot.points
    }
    sent.push({ account_id: id, bonus_points: lot ? lot.points : null })
  }
  totals.accounts = await markWinbackSent(store.trx, sent, { now, winback_days })
  return batchResult(candidates, locked, limit, totals)
}

/**
 * The daily tier recompute: the accounts with orders move to the tier their
 * window reaches, the tiers read once the accounts are locked.
 */
export async function recomputeTiersBatch(
  store: LedgerStore,
  cursor: BatchCursor,
  readTiers: () => Promise<{ tiers: TierView[]; since: Date }>
): Promise<BatchResult> {
  const { limit } = cursor
  const { candidates, locked } = await lockCandidateAccounts(store.trx, ACCOUNTS_IN_ORDER, {}, cursor)
  const { accounts } = await recomputeLockedTiers(store.trx, locked, await readTiers())
  return batchResult(candidates, locked, limit, { lots: 0, points: 0, accounts })
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
