import { loyaltyModuleTestRunner } from "./loyalty-module-runner"
import { planLedger, seedLedger } from "../../../../bench/lib/seed-ledger"
import { ORDER_POINTS_SINCE } from "../ledger/tiers"

jest.setTimeout(300_000)

/** The tier window as it was read before the projection: from every row. The oracle. */
const FROM_ROWS = `
  COALESCE((SELECT SUM(e.points) FROM loyalty_transaction e
    WHERE e.account_id = a.id AND e.type = 'earn' AND e.created_at >= :since AND e.deleted_at IS NULL), 0)
  + COALESCE((SELECT SUM(r.points) FROM loyalty_transaction r JOIN loyalty_transaction e ON e.id = r.reference
    WHERE r.account_id = a.id AND r.type = 'reversal' AND e.type = 'earn' AND e.created_at >= :since AND r.deleted_at IS NULL), 0)`

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR

loyaltyModuleTestRunner(({ service, MikroOrmWrapper }) => {
  describe("order points by day (the tier window's projection)", () => {
    const knex = () => MikroOrmWrapper.getManager().getKnex()
    const windowOf = async (accountId: string, since: Date) => {
      const { rows } = await knex().raw(
        `SELECT (${ORDER_POINTS_SINCE})::int AS fast, (${FROM_ROWS})::int AS slow FROM loyalty_account a WHERE a.id = :id`,
        { id: accountId, since }
      )
      return rows[0] as { fast: number; slow: number }
    }
    const earn = (customerId: string, points: number, key: string) =>
      service.creditUpTo({ customer_id: customerId, type: "earn", points, status: "available", max_balance: null, order_id: `order_${key}`, idempotency_key: `earn:${key}` })
    /** Rows written as bulk SQL, at given times: an earn each, and a reversal of part of some, in one statement. */
    const rawRows = async (accountId: string, rows: { id: string; type: "earn" | "reversal" | "bonus"; points: number; at: Date; reference?: string }[]) =>
      knex()("loyalty_transaction").insert(
        rows.map((r) => ({
          id: r.id,
          account_id: accountId,
          type: r.type,
          points: r.points,
          status: "available",
          remaining: r.points > 0 ? r.points : null,
          reference: r.reference ?? null,
          idempotency_key: `raw:${r.id}`,
          created_at: r.at,
          updated_at: r.at,
        }))
      )

    it("sums to what the rows say for any window start, whatever wrote the rows, and the ledger check sees a drift", async () => {
      const now = Date.now()
      // Through the ledger: earns today, one partly reversed (a return), one wholly (a cancel).
      const a = await earn("cus_days_a", 400, "a1")
      const b = await earn("cus_days_a", 250, "a2")
      await service.reverse({ transaction_id: (a as any).id, points: 150, idempotency_key: "rev:a1" })
      await service.reverse({ transaction_id: (b as any).id, points: 250, idempotency_key: "rev:a2" })
      const account = await service.getOrCreateAccount("cus_days_a")
      // As bulk SQL over past days: earns at odd hours, a bonus (not order points), and reversals
      // of earns, one in the same statement as its earn, one of an earn 40 days old written today.
      await rawRows(account.id, [
        { id: "raw_e1", type: "earn", points: 100, at: new Date(now - 40 * DAY - 5 * HOUR) },
        { id: "raw_e2", type: "earn", points: 70, at: new Date(now - 3 * DAY + 2 * HOUR) },
        { id: "raw_b1", type: "bonus", points: 999, at: new Date(now - 2 * DAY) },
        { id: "raw_e3", type: "earn", points: 30, at: new Date(now - 1 * DAY - 1 * HOUR) },
        { id: "raw_r3", type: "reversal", points: -10, at: new Date(now - 1 * DAY), reference: "raw_e3" },
      ])
      await rawRows(account.id, [
        { id: "raw_r1", type: "reversal", points: -60, at: new Date(now), reference: "raw_e1" },
        { id: "raw_rb", type: "reversal", points: -99, at: new Date(now), reference: "raw_b1" },
      ])

      const starts = [
        new Date(now + DAY), // the future: nothing
        new Date(now - 1 * HOUR),
        new Date(now - 1 * DAY - 2 * HOUR),
        new Date(Math.floor((now - 3 * DAY) / DAY) * DAY), // a UTC midnight exactly
        new Date(now - 3 * DAY + 2 * HOUR), // the very moment of an earn
        new Date(now - 3 * DAY + 2 * HOUR + 1),
        new Date(now - 40 * DAY - 5 * HOUR - 1),
        new Date(now - 365 * DAY),
      ]
      for (const since of starts) {
        const { fast, slow } = await windowOf(account.id, since)
        expect({ since, fast }).toEqual({ since, fast: slow })
      }
      expect((await windowOf(account.id, new Date(now - 365 * DAY))).fast).toBe(400 - 150 + 0 + 100 - 60 + 70 + 30 - 10)
      // The raw rows left the account's cached figures behind on purpose; only the projection is checked here.
      const byDay = async () => (await service.verifyAccounts([account.id])).filter((d) => d.field === "order_points_by_day")
      expect(await byDay()).toEqual([])

      // A projection that drifted from the rows is a difference the nightly check reports.
      await knex().raw(`UPDATE loyalty_order_points_day SET points = points + 5 WHERE account_id = ? AND day = (now() AT TIME ZONE 'UTC')::date`, [account.id])
      expect(await byDay()).toEqual([
        expect.objectContaining({ account_id: account.id, field: "order_points_by_day", expected: 380, actual: 385 }),
      ])
    })

    it("keeps up with a long history written in bulk: the same as the rows at every day boundary", async () => {
      const account = await service.getOrCreateAccount("cus_days_long")
      await seedLedger(knex() as any, account.id, planLedger(20_000, 500, 50, 500), "days")
      const now = Date.now()
      for (const days of [0.5, 1, 7.25, 30, 100.9, 200, 365, 1000]) {
        const { fast, slow } = await windowOf(account.id, new Date(now - days * DAY))
        expect({ days, fast }).toEqual({ days, fast: slow })
      }
      expect(await service.verifyAccounts([account.id])).toEqual([])
    })
  })
})
