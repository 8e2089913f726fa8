import { drawHoldout } from "../../../lib/holdout"
import { loyaltyModuleTestRunner } from "./loyalty-module-runner"

jest.setTimeout(120_000)

loyaltyModuleTestRunner(({ service }) => {
  describe("the holdout group in the ledger", () => {
    afterEach(async () => {
      expect(await service.verifyAccounts()).toEqual([])
    })

    /** Customer ids the draw puts in each group at `percent`, from a fixed list. */
    const idsOf = (percent: number, held: boolean, count: number) =>
      Array.from({ length: 200 }, (_, i) => `cus_hold_${i}`)
        .filter((id) => drawHoldout(id, { percent, active_since: new Date(0) }, new Date()) === held)
        .slice(0, count)

    it("draws each new account once and credits a held-out one nothing, from any kind of earning", async () => {
      await service.updateProgramSettings({ holdout_percent: 50 })
      const { active_since } = await service.holdoutSetting()
      expect(active_since).toBeInstanceOf(Date)
      const [held] = idsOf(50, true, 1)
      const [enrolled] = idsOf(50, false, 1)
      expect((await service.getOrCreateAccount(held)).holdout).toBe(true)
      expect((await service.getOrCreateAccount(enrolled)).holdout).toBe(false)
      // Signed up before the switch-on: never drawn.
      const before = new Date(active_since!.getTime() - 1000)
      expect((await service.getOrCreateAccount("cus_hold_old", { signed_up_at: before })).holdout).toBeNull()

      for (const customer_id of [held, enrolled]) {
        const earned = await service.creditUpTo({
          customer_id,
          type: "earn",
          status: "pending",
          points: 100,
          available_at: new Date(Date.now() + 1000),
          order_id: `order_${customer_id}`,
          max_balance: null,
          idempotency_key: `earn:order_${customer_id}`,
        })
        const bonus = await service.creditBonus({ customer_id, bonus: "welcome_bonus", points: 50, max_balance: null, idempotency_key: `welcome:${customer_id}` })
        expect([customer_id, earned?.points ?? null, bonus?.points ?? null]).toEqual(
          customer_id === held ? [held, null, null] : [enrolled, 100, 50]
        )
      }
      expect(await service.listLoyaltyOutboxEvents({})).not.toContainEqual(
        expect.objectContaining({ data: expect.objectContaining({ customer_id: held }) })
      )
      // An admin's adjustment still applies.
      expect((await service.adjust({ customer_id: held, points: 5, reason: "Goodwill", idempotency_key: "adj:1" })).points).toBe(5)
    })

    it("keeps the recorded switch-on while the share changes, and forgets it when switched off", async () => {
      await service.updateProgramSettings({ holdout_percent: 10 })
      const first = (await service.holdoutSetting()).active_since!
      await service.updateProgramSettings({ holdout_percent: 12.5 })
      expect(await service.holdoutSetting()).toEqual({ percent: 12.5, active_since: first })
      await service.updateProgramSettings({ holdout_percent: 0 })
      expect(await service.holdoutSetting()).toEqual({ percent: 0, active_since: null })
      expect((await service.getOrCreateAccount("cus_hold_after_off")).holdout).toBeNull()
    })
  })
})
