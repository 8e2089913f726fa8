import { MedusaError } from "@medusajs/framework/utils"
import { lotEntitlement, orderEarned, reversalsNewestFirst, settlementMove } from "../../lib"
import { capToMaxBalance } from "../../lib/rules"
import { BONUS_GRANTED } from "./ledger/bonuses"
import { assertPoints, assertSpendable, conflict, invalid, sameOperationOrThrow } from "./ledger/errors"
import type { LedgerStore } from "./ledger/ledger-store"
import { addToOutbox } from "./ledger/outbox"
import {
  ACTIVITY_TYPES,
  EARNING_TYPES,
  expireDueLocked,
  payDebts,
  rowFields,
  spend,
} from "./ledger/spending"
import type { CappedCreditInput } from "../../types/loyalty/module"
import type {
  AccountRow,
  AdjustInput,
  BonusCreditInput,
  CreditInput,
  DebitInput,
  FigureDeltas,
  OrderEarningSettlement,
  RestoreSpentInput,
  ReverseInput,
  SettleOrderEarningInput,
  TransactionRow,
} from "./ledger/types"

/**
 * The ledger operations on points: credit, debit, adjust, reverse and the
 * order settlements made of them. Each runs on the caller's transaction
 * (the service opens it), locks the account row first, is idempotent through
 * the ledger's unique idempotency_key, and updates the account's cached
 * figures with its rows. Holds for carts are in cart-holds.ts.
 */

/** Adds a lot: available now (paying any debt first) or pending until released. */
export async function credit(store: LedgerStore, input: CreditInput): Promise<TransactionRow> {
  assertPoints(input.points)
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
    remaining = await payDebts(store, account.id, input.points)
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
    ...rowFields(input),
  })
  await store.applyFigures(account.id, deltas, ACTIVITY_TYPES.has(input.type))
  if (input.event) {
    await addToOutbox(store.trx, input.event, {
      account_id: account.id,
      customer_id: account.customer_id,
      order_id: row.order_id,
      points: row.points,
      status: row.status,
      available_at: row.available_at ? new Date(row.available_at).toISOString() : null,
      transaction_id: row.id,
    })
  }
  return row
}

/**
 * A credit on a locked account, cut to what fits under max_balance (balance
 * plus pending); null when nothing fits. A repeated key returns the first
 * lot: one that was cut holds fewer points and is still the same credit.
 *
 * Every point a shopper earns (orders, bonuses, referrals, achievements,
 * campaigns) comes through here, so this is where the holdout group earns
 * nothing: null, as for a full balance, and no event. An admin's adjustment
 * (adjust) is a deliberate act and still applies.
 */
export async function creditCapped(
  store: LedgerStore,
  account: AccountRow,
  { max_balance, ...input }: CappedCreditInput
): Promise<TransactionRow | null> {
  if (account.holdout) {
    return null
  }
  const existing = await store.findTransactionByKey(input.idempotency_key)
  if (existing) {
    // The key names the grant (an order's earning, a bonus), not its size: a redelivery after the
    // order shrank, or after the bonus setting changed, asks for other points and is the same credit.
    if (existing.account_id !== account.id || existing.type !== input.type) {
      throw conflict(existing.idempotency_key)
    }
    return { ...existing, replayed: true }
  }
  const points = capToMaxBalance(input.points, account.balance + account.pending, max_balance)
  if (points <= 0) {
    return null
  }
  const capped = points < input.points ? { capped_by: "max_balance", requested_points: input.points } : {}
  return credit(store, { ...input, points, details: { ...(input.details ?? {}), ...capped } })
}

/**
 * A bonus lot on a locked account (see creditCapped), with its
 * `loyalty.bonus_granted` event written in the same transaction.
 */
export async function creditBonus(
  store: LedgerStore,
  account: AccountRow,
  { bonus, ...input }: BonusCreditInput
): Promise<TransactionRow | null> {
  const lot = await creditCapped(store, account, {
    ...input,
    customer_id: account.customer_id,
    type: "bonus",
    status: input.status ?? "available",
    details: { ...(input.details ?? {}), bonus },
  })
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

/** Spends available points, soonest-expiring lot first. Never overdraws. */
export async function debit(store: LedgerStore, input: DebitInput): Promise<TransactionRow> {
  assertPoints(input.points)
  let account = await store.lockAccountOfCustomer(input.customer_id)
  const existing = await store.findTransactionByKey(input.idempotency_key)
  if (existing) {
    return sameOperationOrThrow(existing, account, -input.points)
  }
  account = (await expireDueLocked(store, account, new Date())).account
  assertSpendable(account, input.points)
  return spend(store, account, { ...input, allowDebt: false })
}

/** A signed manual correction: credits a lot or debits without overdrawing. */
export async function adjust(store: LedgerStore, input: AdjustInput): Promise<TransactionRow> {
  if (!Number.isSafeInteger(input.points) || input.points === 0) {
    throw invalid("points must be a non-zero whole number")
  }
  if (input.points > 0) {
    return credit(store, { ...input, type: "adjust", status: "available" })
  }
  return debit(store, { ...input, type: "adjust", points: -input.points })
}

/**
 * Takes back (part of) a credit lot: a pending lot shrinks or is voided; an
 * available one is debited, that lot first. Points already reversed or expired
 * from the lot are never taken again. When the points were spent, the balance
 * goes negative if the program allows it, else the shortfall is recorded.
 */
export async function reverse(
  store: LedgerStore,
  input: ReverseInput,
  allowNegative: boolean
): Promise<TransactionRow | null> {
  if (input.keep_points === undefined) {
    assertPoints(input.points!)
  } else if (!Number.isSafeInteger(input.keep_points) || input.keep_points < 0) {
    throw invalid(`keep_points must be a whole number of zero or more, got ${input.keep_points}`)
  }
  const lot = await findLotOrThrow(store, input.transaction_id)
  let account = (await store.lockAccount(lot.account_id))!
  const existing = await store.findTransactionByKey(input.idempotency_key)
  if (existing) {
    return { ...existing, replayed: true }
  }
  const current = (await store.findTransaction(lot.id))!
  if (current.status === "available") {
    // Due points expire first, and what the lot loses to expiry now is not taken back again.
    account = (await expireDueLocked(store, account, new Date())).account
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
  const row = await takeFromLot(store, account, current, reversible, input, allowNegative)
  if (input.event) {
    await addToOutbox(store.trx, input.event, {
      account_id: account.id,
      customer_id: account.customer_id,
      order_id: row.order_id,
      points: -row.points,
      transaction_id: row.id,
      reference: current.id,
    })
  }
  return row
}

/** The reversal row of `reverse`: a pending lot shrinks, an available one is debited. */
async function takeFromLot(
  store: LedgerStore,
  account: AccountRow,
  current: TransactionRow,
  reversible: number,
  input: ReverseInput,
  allowNegative: boolean
): Promise<TransactionRow> {
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
      ...rowFields(input),
      reference: current.id,
      order_id: input.order_id ?? current.order_id,
    })
  }

  const row = await spend(store, account, {
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
export async function settleOrderEarning(
  store: LedgerStore,
  input: SettleOrderEarningInput,
  allowNegative: boolean
): Promise<OrderEarningSettlement | null> {
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
    const lot = await creditCapped(store, account, {
      customer_id: account.customer_id,
      type: "earn",
      ...input.credit,
      points: move.credit,
      order_id: input.order_id,
      reason: input.reason,
      idempotency_key: `${input.earn_key}:${locked.length + 1}`,
    })
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
    const row = await reverse(
      store,
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
      allowNegative
    )
    result.reversed += row && !row.replayed ? -row.points : 0
  }
  if (result.reversed > 0 && input.reversed_event) {
    await addToOutbox(store.trx, input.reversed_event, {
      account_id: account.id,
      customer_id: account.customer_id,
      order_id: input.order_id,
      points: result.reversed,
    })
  }
  return result
}

/**
 * Gives back points spent on an order (cancel, return) beyond what the order
 * keeps spent. The restored lot expires no later than the lots the points
 * came from, so a restore never brings expired points back to life.
 */
export async function restoreSpent(store: LedgerStore, input: RestoreSpentInput): Promise<TransactionRow | null> {
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
  return credit(store, {
    customer_id: account.customer_id,
    type: "restore",
    status: "available",
    points,
    expires_at,
    ...rowFields(input),
    order_id: input.order_id,
    event: input.event,
  })
}

async function findLotOrThrow(store: LedgerStore, lotId: string) {
  const lot = await store.findTransaction(lotId)
  if (!lot || lot.points <= 0) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Credit lot ${lotId} was not found`)
  }
  return lot
}
