import { MedusaError } from "@medusajs/framework/utils"
import { isValidPoints } from "../../../lib"
import type { AccountRow, TransactionRow } from "./types"

/** The refusals the ledger operations answer with, and the checks that raise them. */

export function invalid(message: string) {
  return new MedusaError(MedusaError.Types.INVALID_DATA, message)
}

export function conflict(key: string) {
  return new MedusaError(
    MedusaError.Types.CONFLICT,
    `idempotency_key ${key} was already used for a different operation`
  )
}

export function notEnoughPoints(account: AccountRow, points: number) {
  const spendable = Math.max(0, account.balance - account.reserved)
  return new MedusaError(
    MedusaError.Types.NOT_ALLOWED,
    `Not enough points: ${points} requested, ${spendable} available`
  )
}

export function assertPoints(points: number) {
  if (!isValidPoints(points)) {
    throw invalid(`points must be a positive whole number, got ${points}`)
  }
}

export function assertSpendable(account: AccountRow, points: number) {
  if (account.balance - account.reserved < points) {
    throw notEnoughPoints(account, points)
  }
}

/** A repeated key must mean the same operation, not a different one. */
export function sameOperationOrThrow(existing: TransactionRow, account: AccountRow, points: number) {
  if (existing.account_id !== account.id || existing.points !== points) {
    throw conflict(existing.idempotency_key)
  }
  return { ...existing, replayed: true as const }
}
