import type { LoyaltyAccountDTO, LoyaltyReservationDTO, LoyaltyTransactionDTO } from "../../../types/loyalty/module"

/**
 * The ledger's row and input types. The public ones are the module's typed
 * interface (src/types/loyalty); the rest are the ledger's own.
 */
export type {
  AccountDiscrepancy,
  AccountProfile,
  AdjustInput,
  BirthdayBatchInput,
  WinbackBatchInput,
  BonusCreditInput,
  CommitReservationInput,
  CreditInput,
  CreditType,
  DebitInput,
  DebitType,
  OrderEarningSettlement,
  ReserveInput,
  RestoreSpentInput,
  ReverseInput,
  SettleOrderEarningInput,
  TransactionType,
} from "../../../types/loyalty/module"

/** An account row as the ledger locks and updates it. */
export type AccountRow = LoyaltyAccountDTO

/** A ledger row as the ledger writes and reads it. */
export type TransactionRow = LoyaltyTransactionDTO

/** A cart's hold as the ledger writes and reads it. */
export type ReservationRow = LoyaltyReservationDTO

/** An open credit lot as a debit reads it: `free` is the part no cart holds. */
export type OpenLot = {
  id: string
  remaining: number
  free: number
  expires_at: Date | null
  created_at: Date
}

/** Changes to an account's cached figures, applied with the ledger rows. */
export type FigureDeltas = Partial<
  Record<"balance" | "pending" | "reserved" | "lifetime_earned" | "lifetime_spent", number>
>
