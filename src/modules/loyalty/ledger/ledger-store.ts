import { generateEntityId } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { drawHoldout, type HoldoutSetting } from "../../../lib/holdout"
import { heldParts } from "./sql"
import type {
  AccountProfile,
  AccountRow,
  FigureDeltas,
  OpenLot,
  ReservationRow,
  TransactionRow,
} from "./types"

const ACCOUNT = "loyalty_account"
const TRANSACTION = "loyalty_transaction"
const RESERVATION = "loyalty_reservation"

/**
 * The SQL behind the ledger. Every function runs on the caller's transaction;
 * the service decides, this file only reads and writes rows.
 */
export class LedgerStore {
  /** `holdout` reads the program's holdout, for the draw of an account being created. */
  constructor(
    readonly trx: Knex.Transaction,
    private readonly holdout: () => Promise<HoldoutSetting> = async () => ({ percent: 0, active_since: null })
  ) {}

  /**
   * Creates the customer's account if missing and locks it for this
   * transaction. A new account gets its holdout draw, once: `signedUpAt` is
   * when the customer signed up (now, when the caller does not know).
   */
  async lockAccountOfCustomer(customerId: string, signedUpAt: Date = new Date()): Promise<AccountRow> {
    const locked = await this.trx(ACCOUNT).where({ customer_id: customerId }).forUpdate().first()
    if (locked) {
      return locked
    }
    const holdout = drawHoldout(customerId, await this.holdout(), signedUpAt)
    // A concurrent first credit may insert it too: the unique index decides (and both drew the same).
    await this.trx(ACCOUNT)
      .insert({ id: generateEntityId(undefined, "lyacc"), customer_id: customerId, holdout })
      .onConflict("customer_id")
      .ignore()
    return this.trx(ACCOUNT).where({ customer_id: customerId }).forUpdate().first()
  }

  async lockAccount(accountId: string): Promise<AccountRow | undefined> {
    return this.trx(ACCOUNT).where({ id: accountId }).forUpdate().first()
  }

  /** Locks several accounts in id order, so concurrent batches cannot deadlock. */
  async lockAccounts(accountIds: string[]): Promise<AccountRow[]> {
    if (!accountIds.length) {
      return []
    }
    return this.trx(ACCOUNT).whereIn("id", accountIds).orderBy("id").forUpdate()
  }

  async setProfile(accountId: string, profile: AccountProfile) {
    await this.trx(ACCOUNT)
      .where({ id: accountId })
      .update({ ...profile, updated_at: this.trx.fn.now() })
  }

  async findTransactionByKey(key: string): Promise<TransactionRow | undefined> {
    return this.trx(TRANSACTION).where({ idempotency_key: key }).first()
  }

  async findTransaction(id: string): Promise<TransactionRow | undefined> {
    return this.trx(TRANSACTION).where({ id }).first()
  }

  /**
   * The open lots a debit (or a new hold) of `points` draws on, in spending
   * order, with `free`, the part of each that no cart holds: only those the
   * lots before them do not already cover (plus `preferLotId`), so an account
   * with thousands of open lots sends a handful to Node, not all. The parts
   * the hold `ignoreHoldId` keeps count as free (it is being replaced).
   */
  async lotsToSpend(
    accountId: string,
    points: number,
    { preferLotId, ignoreHoldId }: { preferLotId?: string; ignoreHoldId?: string } = {}
  ): Promise<OpenLot[]> {
    const { rows } = await this.trx.raw(
      `WITH held AS (${heldParts("r.account_id = :account AND r.id IS DISTINCT FROM :ignore")}),
       open AS (
         SELECT t.id, t.remaining, t.remaining - COALESCE(h.points, 0) AS free, t.expires_at, t.created_at
         FROM loyalty_transaction t LEFT JOIN held h ON h.lot_id = t.id
         WHERE t.account_id = :account AND t.status = 'available' AND t.remaining > 0 AND t.deleted_at IS NULL
       ), ordered AS (
         SELECT *, COALESCE(SUM(free) OVER (ORDER BY expires_at ASC NULLS LAST, created_at ASC, id ASC
           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
         FROM open WHERE free > 0
       )
       SELECT id, remaining, free, expires_at, created_at FROM ordered
       WHERE before < :points OR id = :prefer
       ORDER BY expires_at ASC NULLS LAST, created_at ASC, id ASC`,
      { account: accountId, points, prefer: preferLotId ?? null, ignore: ignoreHoldId ?? null }
    )
    return rows
  }

  /** The points the account's active holds keep of lots that still have them. */
  async heldPoints(accountId: string): Promise<number> {
    const { rows } = await this.trx.raw(
      `WITH held AS (${heldParts("r.account_id = :account")})
       SELECT COALESCE(SUM(LEAST(h.points, t.remaining)), 0)::int AS points
       FROM held h JOIN loyalty_transaction t ON t.id = h.lot_id AND t.status = 'available'`,
      { account: accountId }
    )
    return rows[0].points
  }

  async openDebts(accountId: string): Promise<TransactionRow[]> {
    return this.trx(TRANSACTION)
      .where({ account_id: accountId })
      .andWhere("unsettled", ">", 0)
      .whereNull("deleted_at")
      .orderBy([{ column: "created_at" }, { column: "id" }])
  }

  /**
   * Points already taken back from a lot by reversals (including what a
   * reversal could not collect) and by expiry.
   */
  async pointsTakenFromLot(lotId: string): Promise<{ reversed: number; expired: number }> {
    const rows: { type: string; total: string }[] = await this.trx(TRANSACTION)
      .select("type")
      .select(
        this.trx.raw("SUM(points - COALESCE((details->>'shortfall')::int, 0)) AS total")
      )
      .where({ reference: lotId })
      .whereNull("deleted_at")
      .whereIn("type", ["reversal", "expire"])
      .groupBy("type")
    const total = (type: string) => -Number(rows.find((r) => r.type === type)?.total ?? 0)
    return { reversed: total("reversal"), expired: total("expire") }
  }

  /** An order's earn lots (its own and what later changes added), oldest first. */
  async orderEarnLots(orderId: string): Promise<TransactionRow[]> {
    return this.trx(TRANSACTION)
      .where({ order_id: orderId, type: "earn" })
      .whereNull("deleted_at")
      .orderBy([{ column: "created_at" }, { column: "id" }])
  }

  /** Points redeemed on an order and points already given back for it. */
  async spentOnOrder(orderId: string): Promise<{ account_id: string | null; redeemed: number; restored: number; lot_ids: string[] }> {
    const rows: TransactionRow[] = await this.trx(TRANSACTION)
      .where({ order_id: orderId })
      .whereIn("type", ["redeem", "restore"])
      .whereNull("deleted_at")
    const redeems = rows.filter((r) => r.type === "redeem")
    return {
      account_id: rows[0]?.account_id ?? null,
      redeemed: -redeems.reduce((sum, r) => sum + r.points, 0),
      restored: rows.filter((r) => r.type === "restore").reduce((sum, r) => sum + r.points, 0),
      lot_ids: redeems.flatMap((r) => ((r.details?.lots as { lot_id: string }[]) ?? []).map((l) => l.lot_id)),
    }
  }

  async findTransactions(ids: string[]): Promise<TransactionRow[]> {
    return ids.length ? this.trx(TRANSACTION).whereIn("id", ids) : []
  }

  async insertTransaction(
    row: Omit<TransactionRow, "id" | "created_at">
  ): Promise<TransactionRow> {
    const [inserted] = await this.trx(TRANSACTION)
      .insert({
        ...row,
        id: generateEntityId(undefined, "lytx"),
        details: row.details ? JSON.stringify(row.details) : null,
      })
      .returning("*")
    return inserted
  }

  async setLot(id: string, changes: { remaining: number; status?: TransactionRow["status"] }) {
    await this.trx(TRANSACTION)
      .where({ id })
      .update({ ...changes, updated_at: this.trx.fn.now() })
  }

  async setUnsettled(id: string, unsettled: number) {
    await this.trx(TRANSACTION)
      .where({ id })
      .update({ unsettled, updated_at: this.trx.fn.now() })
  }

  /** Adds the deltas to the account's figures; `active` records a shopper's earning or spending. */
  async applyFigures(accountId: string, deltas: FigureDeltas, active = false): Promise<AccountRow> {
    const changes: Record<string, Knex.Raw | Date> = active ? { last_activity_at: new Date() } : {}
    for (const [field, delta] of Object.entries(deltas)) {
      if (delta) {
        changes[field] = this.trx.raw("?? + ?", [field, delta])
      }
    }
    const [account] = await this.trx(ACCOUNT)
      .where({ id: accountId })
      .update({ ...changes, updated_at: this.trx.fn.now() })
      .returning("*")
    return account
  }

  async activeReservation(cartId: string): Promise<ReservationRow | undefined> {
    return this.trx(RESERVATION).where({ cart_id: cartId, status: "active" }).first()
  }

  async latestReservation(cartId: string): Promise<ReservationRow | undefined> {
    return this.trx(RESERVATION)
      .where({ cart_id: cartId })
      .whereNull("deleted_at")
      .orderBy("created_at", "desc")
      .first()
  }

  async insertReservation(row: Omit<ReservationRow, "id" | "status" | "order_id">) {
    const [inserted] = await this.trx(RESERVATION)
      .insert({ ...row, lots: JSON.stringify(row.lots), id: generateEntityId(undefined, "lyres"), status: "active" })
      .returning("*")
    return inserted as ReservationRow
  }

  async updateReservation(id: string, changes: Partial<ReservationRow>) {
    // jsonb takes the array as JSON text (knex would send a PostgreSQL array).
    const lots = changes.lots ? { lots: JSON.stringify(changes.lots) } : {}
    const [updated] = await this.trx(RESERVATION)
      .where({ id })
      .update({ ...changes, ...lots, updated_at: this.trx.fn.now() })
      .returning("*")
    return updated as ReservationRow
  }
}
