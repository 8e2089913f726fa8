import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import expirePoints from "../src/jobs/expire-points"
import { LOYALTY_MODULE } from "../src/modules/loyalty"
import type LoyaltyModuleService from "../src/modules/loyalty/service"
import { roundRatio, writeReport } from "./lib/report"

/**
 * Issue 5: the daily expiry job on a store with 1 000 000 due lots across 100 000 accounts,
 * against one hand-written SQL statement doing the same update on the same data in the same
 * run. Run it with `npm run bench:expiry` (bench/run.js), which prints the figures last as one
 * JSON line.
 */

jest.setTimeout(60 * 60 * 1000)

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS) || 100_000
const DUE_LOTS_PER_ACCOUNT = 10
// One lot per account that is not due yet: the job must leave it alone.
const LATER_LOTS_PER_ACCOUNT = 1
const LOT_POINTS = (lot: string) => `(10 + (${lot} * 7) % 90)`

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9
const rssMb = () => process.memoryUsage().rss / 2 ** 20

medusaIntegrationTestRunner({
  testSuite: ({ getContainer }) => {
    describe("expiry benchmark", () => {
      it(`expires ${ACCOUNTS * DUE_LOTS_PER_ACCOUNT} due lots across ${ACCOUNTS} accounts`, async () => {
        const container = getContainer()
        const knex: Knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
        const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
        const dueLots = ACCOUNTS * DUE_LOTS_PER_ACCOUNT

        let started = process.hrtime.bigint()
        await seed(knex)
        await knex.raw("CREATE TABLE bench_account AS TABLE loyalty_account")
        await knex.raw("CREATE TABLE bench_transaction AS TABLE loyalty_transaction")
        await knex.raw("VACUUM ANALYZE loyalty_account, loyalty_transaction")
        const seedSeconds = seconds(started)
        expect(await loyalty.verifyAccounts()).toEqual([])

        // The job, as the scheduler runs it: expire, warn, deliver the events.
        const rssBefore = rssMb()
        let peak = rssBefore
        const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 100)
        const events = countEvents(container)
        started = process.hrtime.bigint()
        await expirePoints(container)
        const jobSeconds = seconds(started)
        clearInterval(sampler)
        peak = Math.max(peak, rssMb())
        events.stop()

        const invariants = await checkInvariants(knex, loyalty, dueLots)

        // The same update as one statement, on the same data restored.
        await knex.raw("TRUNCATE loyalty_outbox_event")
        await knex.raw("DELETE FROM loyalty_transaction")
        await knex.raw("DELETE FROM loyalty_account")
        await knex.raw("INSERT INTO loyalty_account SELECT * FROM bench_account")
        await knex.raw("INSERT INTO loyalty_transaction SELECT * FROM bench_transaction")
        await knex.raw("VACUUM ANALYZE loyalty_account, loyalty_transaction")
        started = process.hrtime.bigint()
        const { rows } = await knex.raw(HAND_WRITTEN_EXPIRY)
        const sqlSeconds = seconds(started)
        expect(Number(rows[0].lots)).toBe(dueLots)
        expect(await loyalty.verifyAccounts()).toEqual([])

        writeReport({
          comparisons: {},
          figures: {
            lots: dueLots,
            accounts: ACCOUNTS,
            events: events.count,
            seed_seconds: round1(seedSeconds),
            sql_seconds: round1(sqlSeconds),
            process_peak_mb: Math.round(peak),
            seconds: round1(jobSeconds),
            sql_ratio: roundRatio(jobSeconds / sqlSeconds),
            peak_mb: Math.round(peak - rssBefore),
            invariants,
          },
        })
      })
    })
  },
})

const round1 = (value: number) => Math.round(value * 10) / 10

/**
 * 10 due lots and 1 later lot per account, written set-based; each account's balance is the
 * sum of its lots, so the ledger adds up before the run.
 */
async function seed(knex: Knex) {
  const perAccount = DUE_LOTS_PER_ACCOUNT + LATER_LOTS_PER_ACCOUNT
  await knex.raw(`
    INSERT INTO loyalty_account (id, customer_id, balance, lifetime_earned, last_activity_at)
    SELECT 'lyacc_bench_' || lpad(a::text, 6, '0'), 'cus_bench_' || lpad(a::text, 6, '0'), s.total, s.total, now()
    FROM generate_series(1, ${ACCOUNTS}) a,
      (SELECT SUM(${LOT_POINTS("l")})::int AS total FROM generate_series(1, ${perAccount}) l) s
  `)
  await knex.raw(`
    INSERT INTO loyalty_transaction (id, account_id, type, points, remaining, status, expires_at, reason, idempotency_key, created_at)
    SELECT 'lytx_bench_' || lpad(a::text, 6, '0') || '_' || lpad(l::text, 2, '0'),
      'lyacc_bench_' || lpad(a::text, 6, '0'), 'earn', ${LOT_POINTS("l")}, ${LOT_POINTS("l")}, 'available',
      CASE WHEN l <= ${DUE_LOTS_PER_ACCOUNT} THEN now() - (l || ' days')::interval - (a % 97 || ' minutes')::interval
           ELSE now() + interval '60 days' END,
      'Bench earning', 'bench:' || a || ':' || l, now() - interval '400 days'
    FROM generate_series(1, ${ACCOUNTS}) a, generate_series(1, ${perAccount}) l
  `)
}

/** Counts the loyalty events the job emits on the app's event bus. */
function countEvents(container: any) {
  const bus = container.resolve(Modules.EVENT_BUS)
  const counter = { count: 0, stop: () => bus.eventEmitter_.off("*", record) }
  function record(event: { name: string }) {
    if (event.name === "loyalty.points_expired") counter.count++
  }
  bus.eventEmitter_.on("*", record)
  return counter
}

async function checkInvariants(knex: Knex, loyalty: LoyaltyModuleService, dueLots: number) {
  const problems: string[] = []
  const discrepancies = await loyalty.verifyAccounts()
  if (discrepancies.length) problems.push(`${discrepancies.length} account figure(s) differ from the ledger`)
  const { rows } = await knex.raw(`
    SELECT
      (SELECT COUNT(*) FROM loyalty_transaction WHERE type = 'expire') AS expire_rows,
      (SELECT COUNT(DISTINCT reference) FROM loyalty_transaction WHERE type = 'expire') AS expired_lots,
      (SELECT COUNT(*) FROM loyalty_transaction WHERE type = 'earn' AND remaining > 0 AND expires_at <= now()) AS still_due,
      (SELECT COUNT(*) FROM loyalty_transaction WHERE type = 'earn' AND remaining > 0 AND expires_at > now()) AS later_open,
      (SELECT COUNT(*) FROM loyalty_outbox_event) AS undelivered`)
  const figures = Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, Number(v)]))
  if (figures.expire_rows !== dueLots) problems.push(`${figures.expire_rows} expire rows, expected ${dueLots}`)
  if (figures.expired_lots !== dueLots) problems.push(`${figures.expired_lots} lots expired, expected ${dueLots}`)
  if (figures.still_due) problems.push(`${figures.still_due} due lots left`)
  if (figures.later_open !== ACCOUNTS * LATER_LOTS_PER_ACCOUNT) problems.push(`${figures.later_open} later lots open`)
  if (figures.undelivered) problems.push(`${figures.undelivered} events not delivered`)
  return problems.length ? problems.join("; ") : "ok"
}

/** What the job does for due lots, as one statement with no batches, locks or events. */
const HAND_WRITTEN_EXPIRY = `
  WITH due AS (
    SELECT id, account_id, remaining, expires_at, order_id FROM loyalty_transaction
    WHERE status = 'available' AND remaining > 0 AND expires_at <= now() AND deleted_at IS NULL
  ), expired AS (
    INSERT INTO loyalty_transaction (id, account_id, type, points, status, expires_at, order_id, reference, idempotency_key)
    SELECT 'lytx_sql_' || id, account_id, 'expire', -remaining, 'available', expires_at, order_id, id,
      'expire:' || id || ':' || remaining
    FROM due
  ), lots AS (
    UPDATE loyalty_transaction t SET remaining = 0, updated_at = now() FROM due WHERE t.id = due.id
  ), balances AS (
    UPDATE loyalty_account a SET balance = a.balance - s.points, updated_at = now()
    FROM (SELECT account_id, SUM(remaining) AS points FROM due GROUP BY account_id) s
    WHERE a.id = s.account_id
  )
  SELECT COUNT(*) AS lots FROM due`
