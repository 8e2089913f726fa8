import { grantBirthdayBonuses } from "../../../workflows/bonuses/steps/grant-birthday-bonuses"
import { runBatches } from "../../../workflows/jobs/steps/run-batches"
import type { OutboxEvent } from "../ledger/outbox"
import { loyaltyModuleTestRunner } from "./loyalty-module-runner"

jest.setTimeout(120_000)

loyaltyModuleTestRunner(({ service, MikroOrmWrapper }) => {
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
    runBatches((sweep) =>
      service.grantBirthdayBatch({
        celebrated: ["05-17"],
        year,
        points: 100,
        expires_at: null,
        max_balance: null,
        reason: "Birthday bonus",
        ...sweep,
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

    describe("the birthday job", () => {
      /** The job's run at 00:15 UTC on `day` ("2026-05-17"). */
      const jobOn = (day: string) => grantBirthdayBonuses(service, { now: `${day}T00:15:00Z`, batch_size: 2 })
      const balances = async (customers: string[]) =>
        Object.fromEntries(
          await Promise.all(customers.map(async (c) => [c, (await service.getOrCreateAccount(c)).balance]))
        )
      const withBirthdays = async (birthdays: Record<string, string>) => {
        await service.updateProgramSettings({ birthday_bonus: { points: 100, expiry_days: null }, time_zone: "UTC" })
        for (const [customer, birthday] of Object.entries(birthdays)) {
          await service.updateAccountProfile(customer, { birthday })
        }
      }

      it("credits the birthdays of two days it did not run on the next run, once", async () => {
        await withBirthdays({ cus_j1: "05-14", cus_j2: "1990-05-15", cus_j3: "05-16", cus_j4: "05-17", cus_j5: "05-18" })
        expect(await jobOn("2026-05-14")).toMatchObject({ date: "2026-05-14", from: "2026-05-14", lots: 1, completed: true })
        // No run on 15 and 16 May (the server was down).
        expect(await jobOn("2026-05-17")).toMatchObject({ date: "2026-05-17", from: "2026-05-15", lots: 3, completed: true })
        expect(await jobOn("2026-05-17")).toMatchObject({ from: "2026-05-17", lots: 0 })

        expect(await balances(["cus_j1", "cus_j2", "cus_j3", "cus_j4", "cus_j5"])).toEqual({
          cus_j1: 100, cus_j2: 100, cus_j3: 100, cus_j4: 100, cus_j5: 0,
        })
        expect(await delivered()).toHaveLength(4)
        expect(await service.retrieveJobLastCompletedOn("birthday-bonuses")).toBe("2026-05-17")
      })

      it("waits at the end of the run for an account another transaction held (a checkout) and completes the day", async () => {
        await withBirthdays({ cus_k1: "05-17", cus_k2: "05-17", cus_k3: "05-18" })
        await jobOn("2026-05-16")
        const held = await service.getOrCreateAccount("cus_k1")
        const trx = await MikroOrmWrapper.getManager().getKnex().transaction()
        await trx.raw("SELECT id FROM loyalty_account WHERE id = ? FOR UPDATE", [held.id])
        // The checkout ends a second into the run: the first sweep has passed the account over by then.
        const checkoutEnds = new Promise((resolve) => setTimeout(resolve, 1000)).then(() => trx.commit())
        const run = await jobOn("2026-05-17")
        await checkoutEnds
        expect(run).toMatchObject({ lots: 2, skipped: 0, completed: true })
        expect(await balances(["cus_k1", "cus_k2", "cus_k3"])).toEqual({ cus_k1: 100, cus_k2: 100, cus_k3: 0 })
        expect(await service.retrieveJobLastCompletedOn("birthday-bonuses")).toBe("2026-05-17")

        expect(await jobOn("2026-05-18")).toMatchObject({ from: "2026-05-18", lots: 1, skipped: 0, completed: true })
        expect(await balances(["cus_k1", "cus_k2", "cus_k3"])).toEqual({ cus_k1: 100, cus_k2: 100, cus_k3: 100 })
      })

      it("credits once when two runs catch up at once, and never moves the completed day back", async () => {
        await withBirthdays({ cus_m1: "05-10", cus_m2: "05-11", cus_m3: "05-12", cus_m4: "05-12", cus_m5: "05-13" })
        await jobOn("2026-05-10")
        const runs = await Promise.all([jobOn("2026-05-13"), jobOn("2026-05-13")])
        expect(runs[0].lots + runs[1].lots).toBe(4)
        expect(await balances(["cus_m1", "cus_m2", "cus_m3", "cus_m4", "cus_m5"])).toEqual({
          cus_m1: 100, cus_m2: 100, cus_m3: 100, cus_m4: 100, cus_m5: 100,
        })
        expect(await delivered()).toHaveLength(5)
        // Each may have skipped accounts the other held (then neither day is done); a rerun pays nothing more.
        expect(await jobOn("2026-05-13")).toMatchObject({ lots: 0, completed: true })

        // A slow run that started the day before finishes last: the later day stays.
        await service.completeJobRun("birthday-bonuses", "2026-05-12")
        expect(await service.retrieveJobLastCompletedOn("birthday-bonuses")).toBe("2026-05-13")
      })

      it("never reaches back into last year: 31 December birthdays were last year's", async () => {
        await withBirthdays({ cus_n1: "12-31", cus_n2: "01-01" })
        await jobOn("2026-12-30")
        expect(await jobOn("2027-01-01")).toMatchObject({ from: "2027-01-01", lots: 1 })
        expect(await balances(["cus_n1", "cus_n2"])).toEqual({ cus_n1: 0, cus_n2: 100 })
      })
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
