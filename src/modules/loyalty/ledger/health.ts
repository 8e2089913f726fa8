import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"
import { addToOutbox } from "./outbox"
import type { DriftedAccount, LedgerCheck, LedgerCheckTrigger } from "../../../types/loyalty/module"
import { verifyAccountFigures } from "./verify"

export const LEDGER_DRIFT = "loyalty.ledger_drift"

/** How many of a run's drifted accounts its row lists (the count has them all). */
export const LISTED_DRIFTS = 100

/** A running check that made no progress for this long died with its process. */
export const STALE_CHECK_MS = 10 * 60 * 1000

export type { DriftedAccount, LedgerCheck, LedgerCheckTrigger }

const COLUMNS = [
  "id",
  "status",
  "trigger",
  "started_at",
  "finished_at",
  "last_account_id",
  "accounts_checked",
  "accounts_drifted",
  "drifted",
  "error",
  "updated_at",
]

const checks = (knex: Knex) => knex("loyalty_ledger_check").whereNull("deleted_at")

/** The first check `query` finds, or null. */
async function first(query: Knex.QueryBuilder): Promise<LedgerCheck | null> {
  return ((await query.first(COLUMNS)) as LedgerCheck | undefined) ?? null
}

/**
 * Starts a run, unless one is running: then that one is returned and nothing
 * starts, so two runs at once check (and announce) each account once. A run
 * whose heartbeat stopped `STALE_CHECK_MS` ago died with its process; it is
 * marked failed and a new one starts. Starts take turns on an advisory lock
 * (the unique index on running checks backs it).
 */
export async function startLedgerCheck(
  trx: Knex.Transaction,
  trigger: LedgerCheckTrigger,
  now = new Date()
): Promise<{ check: LedgerCheck; started: boolean }> {
  await trx.raw("SELECT pg_advisory_xact_lock(hashtext('loyalty_ledger_check'))")
  const running = await first(checks(trx).where({ status: "running" }))
  if (running && now.getTime() - new Date(running.updated_at).getTime() < STALE_CHECK_MS) {
    return { check: running, started: false }
  }
  if (running) {
    await finishLedgerCheck(trx, running.id, {
      error: `Interrupted: no progress since ${new Date(running.updated_at).toISOString()}`,
      now,
    })
  }
  const [check]: LedgerCheck[] = await trx("loyalty_ledger_check")
    .insert({ id: generateEntityId(undefined, "lychk"), status: "running", trigger, started_at: now })
    .returning(COLUMNS)
  return { check, started: true }
}

/**
 * One batch of a run: the next `limit` accounts after `after`, checked in one
 * read-only statement (no row locks, the batch's transaction lasts that
 * statement and the bookkeeping after it). Adds them to the run's counts,
 * lists the drifted ones and writes one `loyalty.ledger_drift` event per
 * drifted account to the outbox, in the same transaction. `stopped` when the
 * run is no longer running (a later start took it for dead): nothing is written.
 */
export async function checkLedgerBatch(
  trx: Knex.Transaction,
  { check_id, after, limit }: { check_id: string; after: string | null; limit: number }
): Promise<{ next_after: string | null; checked: number; drifted: DriftedAccount[]; stopped: boolean }> {
  const check = await first(checks(trx).where({ id: check_id }).forUpdate())
  if (!check || check.status !== "running") {
    return { next_after: null, checked: 0, drifted: [], stopped: true }
  }
  const accounts: { id: string; customer_id: string }[] = await trx("loyalty_account")
    .select("id", "customer_id")
    .whereNull("deleted_at")
    .andWhere("id", ">", after ?? "")
    .orderBy("id")
    .limit(limit)
  const discrepancies = await verifyAccountFigures(
    trx,
    accounts.map((account) => account.id)
  )
  const drifted: DriftedAccount[] = []
  for (const account of accounts) {
    const differences = discrepancies
      .filter((found) => found.account_id === account.id)
      .map(({ field, expected, actual }) => ({ field, expected, actual }))
    if (differences.length) {
      drifted.push({ account_id: account.id, customer_id: account.customer_id, differences })
    }
  }
  const last = accounts.length ? accounts[accounts.length - 1].id : check.last_account_id
  const listed = [...(check.drifted ?? []), ...drifted].slice(0, LISTED_DRIFTS)
  await trx("loyalty_ledger_check")
    .where({ id: check_id })
    .update({
      last_account_id: last,
      accounts_checked: check.accounts_checked + accounts.length,
      accounts_drifted: check.accounts_drifted + drifted.length,
      drifted: JSON.stringify(listed),
      updated_at: trx.fn.now(),
    })
  for (const account of drifted) {
    await addToOutbox(trx, LEDGER_DRIFT, { check_id, ...account })
  }
  return {
    next_after: accounts.length < limit ? null : last,
    checked: accounts.length,
    drifted,
    stopped: false,
  }
}

/** Ends a running check: completed, or failed with `error`. A check already ended stays as it is. */
export async function finishLedgerCheck(
  trx: Knex.Transaction,
  checkId: string,
  { error = null, now = new Date() }: { error?: string | null; now?: Date } = {}
): Promise<LedgerCheck | null> {
  const [check]: LedgerCheck[] = await trx("loyalty_ledger_check")
    .where({ id: checkId, status: "running" })
    .update({ status: error ? "failed" : "completed", error, finished_at: now, updated_at: trx.fn.now() })
    .returning(COLUMNS)
  return check ?? null
}

/** The latest check that ended (completed or failed), and the one running now, if any. */
export async function readLedgerHealth(knex: Knex): Promise<{ last_check: LedgerCheck | null; running_check: LedgerCheck | null }> {
  const [last, running] = await Promise.all([
    first(
      checks(knex)
        .whereNot({ status: "running" })
        .orderBy([
          { column: "started_at", order: "desc" },
          { column: "id", order: "desc" },
        ])
    ),
    first(checks(knex).where({ status: "running" })),
  ])
  return { last_check: last, running_check: running }
}

