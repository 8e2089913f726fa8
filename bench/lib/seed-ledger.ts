import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/**
 * A long-time shopper's ledger, written with set-based SQL (a few statements, not 100 000
 * service calls): earn lots every 15 minutes back from now, most of them spent by a redeem
 * row, some expired by an expire row, the newest still open (the last few pending). The
 * account's cached figures are set from the plan below, not read back from the rows, so
 * `verifyAccounts` checks that the rows say the same (DESIGN §2 invariants).
 */

export type LedgerPlan = {
  rows: number
  lots: number
  spentLots: number
  expiredLots: number
  openLots: number
  pendingLots: number
}

export type SeededFigures = {
  balance: number
  pending: number
  lifetime_earned: number
  lifetime_spent: number
}

/** Points of lot i; the SQL below uses the same formula. */
const lotPoints = (i: number) => 50 + ((i * 37) % 450)

export function planLedger(rows: number, openLots = 5000, pendingLots = 500, expiredLots = 5000): LedgerPlan {
  // Every spent or expired lot adds a second row (its redeem or expire).
  const spentLots = (rows - openLots - 2 * expiredLots) / 2
  if (!Number.isInteger(spentLots) || spentLots < 0 || pendingLots > openLots) {
    throw new Error(`No ledger of ${rows} rows with ${openLots} open and ${expiredLots} expired lots`)
  }
  return { rows, lots: spentLots + expiredLots + openLots, spentLots, expiredLots, openLots, pendingLots }
}

export function figuresOf(plan: LedgerPlan): SeededFigures {
  const figures = { balance: 0, pending: 0, lifetime_earned: 0, lifetime_spent: 0 }
  const firstOpen = plan.spentLots + plan.expiredLots + 1
  const firstPending = plan.lots - plan.pendingLots + 1
  for (let i = 1; i <= plan.lots; i++) {
    const points = lotPoints(i)
    figures.lifetime_earned += points
    if (i <= plan.spentLots) figures.lifetime_spent += points
    else if (i >= firstPending) figures.pending += points
    else if (i >= firstOpen) figures.balance += points
  }
  return figures
}

/**
 * Writes `plan` into the account's ledger. `tag` goes into the rows' ids and keys
 * (lytx_bench_<tag>_lot_1, bench:<tag>:earn:1, …), so several shoppers can have one each.
 */
export async function seedLedger(knex: Knex, accountId: string, plan: LedgerPlan, tag = "s"): Promise<SeededFigures> {
  const figures = figuresOf(plan)
  await knex.transaction(async (trx) => {
    // One row of parameters the statements read, so each value is bound once.
    const params = `WITH p AS (SELECT CAST(? AS text) AS account_id, CAST(? AS int) AS lots,
      CAST(? AS int) AS spent, CAST(? AS int) AS expired, CAST(? AS int) AS pending, now() AS now,
      'lytx_bench_' || CAST(? AS text) || '_' AS id, 'bench:' || CAST(? AS text) || ':' AS key,
      'order_bench_' || CAST(? AS text) || '_' AS orders)`
    const bindings = [accountId, plan.lots, plan.spentLots, plan.expiredLots, plan.pendingLots, tag, tag, tag]
    const lots = `${params}, lot AS (
      SELECT i, 50 + (i * 37) % 450 AS points,
        p.now - (p.lots - i + 1) * interval '15 minutes' AS created,
        i <= p.spent AS is_spent,
        i > p.spent AND i <= p.spent + p.expired AS is_expired,
        i > p.lots - p.pending AS is_pending
      FROM p, generate_series(1, p.lots) AS i)`

    await trx.raw(
      `${lots}
      INSERT INTO loyalty_transaction (id, account_id, type, points, status, remaining,
        available_at, expires_at, order_id, idempotency_key, created_at, updated_at)
      SELECT p.id || 'lot_' || i, p.account_id, 'earn', points,
        CASE WHEN is_pending THEN 'pending' ELSE 'available' END,
        CASE WHEN is_spent OR is_expired THEN 0 ELSE points END,
        CASE WHEN is_pending THEN created + interval '14 days' ELSE LEAST(created + interval '14 days', p.now) END,
        created + CASE WHEN is_expired THEN interval '30 days' ELSE interval '365 days' END,
        p.orders || i, p.key || 'earn:' || i, created, created
      FROM lot, p`,
      bindings
    )
    await trx.raw(
      `${lots}
      INSERT INTO loyalty_transaction (id, account_id, type, points, status, order_id,
        idempotency_key, details, created_at, updated_at)
      SELECT p.id || 'red_' || i, p.account_id, 'redeem', -points, 'available',
        p.orders || 'spend_' || i, p.key || 'redeem:' || i,
        jsonb_build_object('lots', jsonb_build_array(
          jsonb_build_object('lot_id', p.id || 'lot_' || i, 'points', points))),
        created + interval '1 day', created + interval '1 day'
      FROM lot, p WHERE is_spent`,
      bindings
    )
    await trx.raw(
      `${lots}
      INSERT INTO loyalty_transaction (id, account_id, type, points, status, expires_at,
        order_id, reference, idempotency_key, created_at, updated_at)
      SELECT p.id || 'exp_' || i, p.account_id, 'expire', -points, 'available',
        created + interval '30 days', p.orders || i, p.id || 'lot_' || i,
        'expire:' || p.id || 'lot_' || i || ':' || points,
        created + interval '30 days', created + interval '30 days'
      FROM lot, p WHERE is_expired`,
      bindings
    )
    await trx("loyalty_account")
      .where({ id: accountId })
      .update({
        balance: trx.raw("balance + ?", [figures.balance]),
        pending: trx.raw("pending + ?", [figures.pending]),
        lifetime_earned: trx.raw("lifetime_earned + ?", [figures.lifetime_earned]),
        lifetime_spent: trx.raw("lifetime_spent + ?", [figures.lifetime_spent]),
      })
  })
  // As autovacuum would soon after such a load in a live store: plan with real statistics.
  await knex.raw("ANALYZE loyalty_transaction, loyalty_order_points_day")
  return figures
}
