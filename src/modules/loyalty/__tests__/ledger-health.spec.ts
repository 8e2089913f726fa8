import type { OutboxEvent } from "../ledger/outbox"
import { loyaltyModuleTestRunner } from "./loyalty-module-runner"

jest.setTimeout(120_000)

loyaltyModuleTestRunner(({ service, MikroOrmWrapper }) => {
  const sql = async (query: string, bindings: string[] = []) =>
    (await MikroOrmWrapper.getManager().getKnex().raw(query, bindings)).rows
  let seq = 0
  const credit = (customer_id: string, points: number) =>
    service.credit({ customer_id, type: "earn", status: "available", points, idempotency_key: `health:${++seq}` })
  const delivered = async () => {
    const events: OutboxEvent[] = []
    while (await service.deliverEvents(100, async (batch) => void events.push(...batch))) {}
    return events
  }
  /** A whole check as the job's step runs it: start, batches of `limit` until none is left, finish. */
  const runCheck = async (limit: number) => {
    const { check, started } = await service.startLedgerCheck("schedule")
    expect(started).toBe(true)
    let after: string | null = null
    let batches = 0
    do {
      const batch = await service.checkLedgerBatch({ check_id: check.id, after, limit })
      batches++
      after = batch.next_after
    } while (after !== null)
    return { check: (await service.finishLedgerCheck(check.id))!, batches }
  }
  const customers = (n: number) => Array.from({ length: n }, (_, i) => `cus_health_${String(i).padStart(2, "0")}`)

  describe("ledger health", () => {
    beforeEach(async () => {
      await delivered()
    })

    it("checks every account of a clean ledger in batches and finds nothing", async () => {
      for (const customer of customers(5)) {
        await credit(customer, 10)
      }
      const { check, batches } = await runCheck(2)
      expect(batches).toBe(3)
      expect(check).toMatchObject({ status: "completed", accounts_checked: 5, accounts_drifted: 0, drifted: [], error: null })
      expect(check.finished_at).toBeInstanceOf(Date)
      expect(await delivered()).toEqual([])
      expect(await service.retrieveLedgerHealth()).toMatchObject({ last_check: { id: check.id }, running_check: null })
    })

    it("finds figures changed behind the ledger's back, in any batch, and announces each account once", async () => {
      for (const customer of customers(7)) {
        await credit(customer, 10)
      }
      const [second, sixth] = await Promise.all(
        ["cus_health_01", "cus_health_05"].map((customer) => service.getOrCreateAccount(customer))
      )
      await sql("UPDATE loyalty_account SET balance = balance + 7 WHERE id = ?", [second.id])
      await sql("UPDATE loyalty_account SET pending = pending + 3, lifetime_earned = lifetime_earned + 3 WHERE id = ?", [sixth.id])
      try {
        const { check } = await runCheck(3)
        expect(check).toMatchObject({ status: "completed", accounts_checked: 7, accounts_drifted: 2 })
        expect(check.drifted).toEqual([
          {
            account_id: second.id,
            customer_id: "cus_health_01",
            differences: [{ field: "balance", expected: 10, actual: 17 }],
          },
          {
            account_id: sixth.id,
            customer_id: "cus_health_05",
            differences: [
              { field: "pending", expected: 0, actual: 3 },
              { field: "lifetime_earned", expected: 10, actual: 13 },
            ],
          },
        ])
        const events = await delivered()
        expect(events.map((event) => [event.name, event.data.customer_id, event.data.check_id])).toEqual([
          ["loyalty.ledger_drift", "cus_health_01", check.id],
          ["loyalty.ledger_drift", "cus_health_05", check.id],
        ])
        expect(events[0].data.differences).toEqual([{ field: "balance", expected: 10, actual: 17 }])
      } finally {
        await sql("UPDATE loyalty_account SET balance = balance - 7 WHERE id = ?", [second.id])
        await sql("UPDATE loyalty_account SET pending = pending - 3, lifetime_earned = lifetime_earned - 3 WHERE id = ?", [sixth.id])
      }
      expect(await service.verifyAccounts()).toEqual([])
    })

    it("runs one check at a time: a second start at once finds the first running", async () => {
      await credit("cus_health_once", 10)
      const [first, second] = await Promise.all([service.startLedgerCheck("schedule"), service.startLedgerCheck("admin")])
      expect([first.started, second.started].sort()).toEqual([false, true])
      expect(first.check.id).toBe(second.check.id)
      expect((await service.retrieveLedgerHealth()).running_check).toMatchObject({ id: first.check.id, status: "running" })
      await service.finishLedgerCheck(first.check.id)
      expect((await service.startLedgerCheck("admin")).started).toBe(true)
    })

    it("takes a check that stopped making progress for dead and starts anew; its batches then stop", async () => {
      await credit("cus_health_dead", 10)
      const { check: dead } = await service.startLedgerCheck("schedule")
      await sql("UPDATE loyalty_ledger_check SET updated_at = now() - interval '11 minutes' WHERE id = ?", [dead.id])

      const { check, started } = await service.startLedgerCheck("admin")
      expect(started).toBe(true)
      expect(check.id).not.toBe(dead.id)
      const { last_check } = await service.retrieveLedgerHealth()
      expect(last_check).toMatchObject({ id: dead.id, status: "failed", error: expect.stringMatching(/^Interrupted/) })

      // The dead check's process comes back: its next batch writes nothing and says stop.
      expect(await service.checkLedgerBatch({ check_id: dead.id, after: null, limit: 10 })).toMatchObject({
        stopped: true,
        checked: 0,
      })
      expect(await service.finishLedgerCheck(dead.id)).toBeNull()
      await service.finishLedgerCheck(check.id)
    })

    it("records a failed check with its error", async () => {
      const { check } = await service.startLedgerCheck("admin")
      expect(await service.finishLedgerCheck(check.id, "connection lost")).toMatchObject({
        status: "failed",
        error: "connection lost",
      })
      expect((await service.retrieveLedgerHealth()).last_check).toMatchObject({ id: check.id, status: "failed" })
    })
  })
})
