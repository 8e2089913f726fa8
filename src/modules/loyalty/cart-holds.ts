import { MedusaError } from "@medusajs/framework/utils"
import { allocateFifo, settleDebts } from "../../lib"
import { assertPoints, assertSpendable, notEnoughPoints } from "./ledger/errors"
import type { LedgerStore } from "./ledger/ledger-store"
import { addToOutbox } from "./ledger/outbox"
import { expireDueLocked, freePart, spend, spendHold } from "./ledger/spending"
import type {
  AccountRow,
  CommitReservationInput,
  ReservationRow,
  ReserveInput,
  TransactionRow,
} from "./ledger/types"

/**
 * Points held for a cart (DESIGN §3): a hold names the lots its points come
 * from and is the cart's until its order commits it or it is released. Each
 * operation runs on the caller's transaction and locks the account row first.
 */

/** Holds points for a cart; a second call for the cart replaces the amount. */
export async function reserve(store: LedgerStore, input: ReserveInput): Promise<ReservationRow> {
  assertPoints(input.points)
  let account = await store.lockAccountOfCustomer(input.customer_id)
  // Due points no cart holds expire first, so a hold never takes them.
  account = (await expireDueLocked(store, account, new Date())).account
  const held = await store.activeReservation(input.cart_id)
  if (held && held.account_id !== account.id) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The cart's points belong to another customer")
  }
  const heldPoints = held?.points ?? 0
  assertSpendable({ ...account, reserved: account.reserved - heldPoints }, input.points)
  // A new amount is allocated afresh, the cart's own held parts included, so it keeps its earliest points.
  const lots = await allocateHold(store, account, input.points, held?.id)

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
    await afterHoldShrank(store, account)
  }
  return reservation
}

/**
 * Turns a cart's hold into a redeem debit for its order, exactly once. The
 * points were promised to the order, so a clawback in between may leave debt.
 */
export async function commitReservation(
  store: LedgerStore,
  input: CommitReservationInput
): Promise<{ reservation: ReservationRow; transaction: TransactionRow | null } | null> {
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
    transaction = points > 0 ? await spendHold(store, account, reservation, redeem) : null
    account = await store.applyFigures(account.id, { reserved: -reservation.points })
  } else if (points <= 0) {
    return null
  } else {
    // A hold released while its cart completed anyway still pays for the discount the order got.
    account = (await expireDueLocked(store, account, new Date())).account
    transaction = await spend(store, account, { ...redeem, allowDebt: true })
  }
  const committed = await store.updateReservation(reservation.id, {
    status: points > 0 ? "committed" : "released",
    order_id: input.order_id,
  })
  if (reservation.status === "active") {
    await afterHoldShrank(store, account)
  }
  if (transaction && input.event) {
    await addToOutbox(store.trx, input.event, {
      account_id: account.id,
      order_id: input.order_id,
      points: -transaction.points,
      transaction_id: transaction.id,
    })
  }
  return { reservation: committed, transaction }
}

/** Gives a cart's held points back; a no-op when nothing is held. */
export async function releaseReservation(store: LedgerStore, cartId: string): Promise<ReservationRow | null> {
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
  await afterHoldShrank(store, account)
  return released
}

/** A hold to allocate: `points` of the unheld parts (and hold `holdId`'s own), first-expiring first. */
async function allocateHold(store: LedgerStore, account: AccountRow, points: number, holdId?: string) {
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
async function afterHoldShrank(store: LedgerStore, account: AccountRow) {
  await expireDueLocked(store, account, new Date())
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
