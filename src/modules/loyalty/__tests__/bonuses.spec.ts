import { runBatches } from "../../../workflows/jobs/steps/run-batches"
import type { OutboxEvent } from "../ledger/outbox"
import { loyaltyModuleTestRunner } from "./loyalty-module-runner"

jest.setTimeout(120_000)

loyaltyModuleTestRunner(({ service }) => {
  const bonus = (customer_id: string, points: number, extra: Record<string, unknown> = {}) =>
    service.creditBonus({
      customer_id,
      bonus: "welcome_bonus",
      points,
      expires_at: null,
      max_balance: null,
      reason: "Welcome bonus",
      idempotency_key: `welcome:${customer_id}`,
      ...extra,
    })
  const delivered = async () => {
    const events: OutboxEvent[] = []
    while (await service.deliverEvents(100, async (batch) => void events.push(...batch))) {}
    return events
  }
  const birthdayRun = (limit: number, year = 2026) =>
    runBatches((after) =>
      service.grantBirthdayBatch({
        celebrated: ["05-17"],
        year,
        points: 100,
        expires_at: null,
        max_balance: null,
        reason: "Birthday bonus",
        after,
        limit,
      })
    )

  describe("bonuses", () => {
    beforeEach(async () => {
      await delivered()
    })
    afterEach(async () => {
      expect(await service.verifyAccounts()).toEqual([])
    })

    it("writes a bonus lot and its loyalty.bonus_granted event together, and nothing on a repeat", async () => {
      const lot = await bonus("cus_b1", 500)
      const again = await bonus("cus_b1", 500)

      expect(again).toMatchObject({ id: lot!.id, replayed: true })
      expect((await delivered()).map((event) => event.data)).toEqual([
        expect.objectContaining({ customer_id: "cus_b1", bonus: "welcome_bonus", points: 500, transaction_id: lot!.id }),
      ])
    })

    it("cuts a bonus under max_balance with pending points counted, and accepts the cut lot as the same bonus later", async () => {
      await service.credit({ customer_id: "cus_b2", type: "earn", status: "pending", points: 300, idempotency_key: "earn:b2" })
      const lot = await bonus("cus_b2", 500, { max_balance: 600 })
      expect(lot).toMatchObject({ points: 300, details: { bonus: "welcome_bonus", capped_by: "max_balance", requested_points: 500 } })

      // A repeat asks for the full bonus again: it is the same grant, not a conflict.
      expect(await bonus("cus_b2", 500, { max_balance: 600 })).toMatchObject({ id: lot!.id, replayed: true })
      expect(await bonus("cus_b2", 100, { max_balance: 600, idempotency_key: "newsletter:b2" })).toBeNull()
    })

    it("refuses a bonus key already used for another operation", async () => {
      await service.credit({ customer_id: "cus_b3", type: "adjust", status: "available", points: 50, idempotency_key: "welcome:cus_b3" })
      await expect(bonus("cus_b3", 500)).rejects.toThrow("already used for a different operation")
    })

    it("revokes a bonus lot with its undelivered event", async () => {
      const lot = await bonus("cus_b4", 500)
      await service.revokeBonus(lot!.id, "Bonus rolled back")

      expect(await service.getOrCreateAccount("cus_b4")).toMatchObject({ balance: 0, lifetime_earned: 0 })
      expect(await delivered()).toEqual([])
    })

    it("gives each birthday one bonus a year, across overlapping runs and a run that stopped after one batch", async () => {
      for (const [customer, birthday] of [["cus_d1", "1990-05-17"], ["cus_d2", "05-17"], ["cus_d3", "05-18"], ["cus_d4", "1917-05-17"]]) {
        await service.updateAccountProfile(customer, { birthday })
      }
      // A run that died after its first batch committed…
      await service.grantBirthdayBatch({
        celebrated: ["05-17"], year: 2026, points: 100, expires_at: null, max_balance: null, reason: "Birthday bonus", after: null, limit: 1,
      })
      // …then two runs at once and a rerun.
      const runs = await Promise.all([birthdayRun(1), birthdayRun(2)])
      await birthdayRun(10)

      expect(runs[0].lots + runs[1].lots).toBe(2)
      for (const [customer, balance] of [["cus_d1", 100], ["cus_d2", 100], ["cus_d3", 0], ["cus_d4", 100]] as const) {
        expect(await service.getOrCreateAccount(customer)).toMatchObject({ balance })
      }
      expect(await delivered()).toHaveLength(3)
      expect((await birthdayRun(10, 2027)).lots).toBe(3)
    })

    it("keeps a birthday set once, even when two requests set different ones at once", async () => {
      const results = await Promise.allSettled([
        service.updateAccountProfile("cus_p1", { birthday: "01-02" }),
        service.updateAccountProfile("cus_p1", { birthday: "03-04" }),
      ])
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"])
      const [account] = await service.listLoyaltyAccounts({ customer_id: "cus_p1" })
      const saved = (results.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<any>).value.after.birthday
      expect(account.birthday).toBe(saved)
    })

    it("deletes an account only while nothing has used it", async () => {
      const unused = await service.getOrCreateAccount("cus_u1")
      const used = await service.getOrCreateAccount("cus_u2")
      await service.updateAccountProfile("cus_u2", { newsletter_opt_in: false })

      expect(await service.deleteUnusedAccount(unused.id)).toBe(true)
      expect(await service.deleteUnusedAccount(used.id)).toBe(false)
      expect((await service.listLoyaltyAccounts({})).map((a) => a.customer_id)).toEqual(["cus_u2"])
    })
  })
})
