import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { chooseTier } from "../../../lib/rules"
import type { TierRecomputation } from "../../../types/loyalty/module"
import type { TierView } from "../program/records"
import type { LedgerStore } from "./ledger-store"
import { addToOutbox } from "./outbox"

export const TIER_CHANGED = "loyalty.tier_changed"

/** Accounts to recompute in the daily job: every account, in id order. */
export const ACCOUNTS_IN_ORDER = `
  SELECT a.id AS account_id FROM loyalty_account a
  WHERE a.deleted_at IS NULL AND a.id > :after
  ORDER BY a.id`

/**
 * SQL for the points account `a` earned from orders whose earn row was written
 * since `since` (a bound parameter or a column), less what returns and cancels reversed
 * of them: what sets the tier. The whole days after since's own come from
 * loyalty_order_points_day (one row a day, kept with the ledger's rows by a trigger,
 * see Migration20261203080000); the rest of since's day from its rows. So the cost is
 * the window's days, not its rows.
 */
export function orderPointsSql(since: string) {
  // The first UTC midnight after since: the end of the window's first, partial day.
  const afterFirstDay = `((CAST(${since} AS timestamptz) AT TIME ZONE 'UTC')::date + 1) AT TIME ZONE 'UTC'`
  return `
  COALESCE((
    SELECT SUM(d.points) FROM loyalty_order_points_day d
    WHERE d.account_id = a.id AND d.day > (CAST(${since} AS timestamptz) AT TIME ZONE 'UTC')::date
  ), 0) + COALESCE((
    SELECT SUM(e.points) FROM loyalty_transaction e
    WHERE e.account_id = a.id AND e.type = 'earn' AND e.created_at >= ${since}
      AND e.created_at < ${afterFirstDay} AND e.deleted_at IS NULL
  ), 0) + COALESCE((
    SELECT SUM(r.points) FROM loyalty_transaction r
    JOIN loyalty_transaction e ON e.id = r.reference
    WHERE r.account_id = a.id AND r.type = 'reversal' AND e.type = 'earn'
      AND e.created_at >= ${since} AND e.created_at < ${afterFirstDay} AND r.deleted_at IS NULL
  ), 0)`
}

/** orderPointsSql with the window's start bound as :since. */
export const ORDER_POINTS_SINCE = orderPointsSql(":since")

async function orderPointsSince(trx: Knex.Transaction, accountIds: string[], since: Date) {
  const { rows } = await trx.raw(
    `SELECT a.id, a.customer_id, a.tier_id, ${ORDER_POINTS_SINCE} AS points
     FROM loyalty_account a WHERE a.id = ANY(:ids) ORDER BY a.id`,
    { ids: accountIds, since }
  )
  return rows.map((row: any) => ({ ...row, points: Number(row.points) })) as {
    id: string
    customer_id: string
    tier_id: string | null
    points: number
  }[]
}

/**
 * Puts each locked account in the tier its window's order points reach, and
 * writes `loyalty.tier_changed` to the outbox for every account that moved,
 * in the same transaction. Returns how many moved.
 */
export async function recomputeLockedTiers(
  trx: Knex.Transaction,
  accountIds: string[],
  input: { tiers: TierView[]; since: Date }
): Promise<{ accounts: number; changed: { account_id: string; tier_id: string | null }[] }> {
  if (!accountIds.length) {
    return { accounts: 0, changed: [] }
  }
  const changed: { account_id: string; tier_id: string | null }[] = []
  for (const account of await orderPointsSince(trx, accountIds, input.since)) {
    const { tier, next_tier, points_to_next } = chooseTier(input.tiers, account.points)
    const tierId = tier?.id ?? null
    if (tierId === account.tier_id) {
      continue
    }
    await trx("loyalty_account").where({ id: account.id }).update({ tier_id: tierId, updated_at: trx.fn.now() })
    const previous = input.tiers.find((candidate) => candidate.id === account.tier_id) ?? null
    await addToOutbox(trx, TIER_CHANGED, {
      account_id: account.id,
      customer_id: account.customer_id,
      points: account.points,
      from_tier: previous && { id: previous.id, name: previous.name },
      tier: tier && { id: tier.id, name: tier.name, multiplier: tier.multiplier },
      next_tier: next_tier && { id: next_tier.id, name: next_tier.name, points_to_next },
    })
    changed.push({ account_id: account.id, tier_id: tierId })
  }
  return { accounts: changed.length, changed }
}

/**
 * Moves a customer's account to the tier its order points in the window
 * reach, the tiers read once the account is locked. Null when the customer
 * has no account.
 */
export async function recomputeCustomerTier(
  store: LedgerStore,
  customerId: string,
  readTiers: () => Promise<{ tiers: TierView[]; since: Date }>
): Promise<TierRecomputation | null> {
  const found = await store.trx("loyalty_account").where({ customer_id: customerId }).whereNull("deleted_at").first("id")
  if (!found) {
    return null
  }
  const account = (await store.lockAccount(found.id))!
  const { changed } = await recomputeLockedTiers(store.trx, [account.id], await readTiers())
  return { account_id: account.id, tier_id: changed[0]?.tier_id ?? account.tier_id ?? null, changed: changed.length > 0 }
}
