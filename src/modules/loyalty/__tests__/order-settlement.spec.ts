import { loyaltyModuleTestRunner } from "./loyalty-module-runner"

jest.setTimeout(120_000)

const DAY = 24 * 60 * 60 * 1000

loyaltyModuleTestRunner(({ service }) => {
  const placed = (customer_id: string, order: string, points: number, details: Record<string, unknown> = {}) =>
    service.credit({
      customer_id,
      type: "earn",
      status: "pending",
      points,
      available_at: new Date(Date.now() + 14 * DAY),
      order_id: order,
      details,
      idempotency_key: `earn:${order}`,
    })

  const settle = (order: string, target: number, cause: string, max_balance: number | null = null) =>
    service.settleOrderEarning({
      order_id: order,
      target_points: target,
      reason: cause,
      earn_key: `earn:${order}`,
      credit: { status: "pending", available_at: new Date(Date.now() + 14 * DAY), expires_at: null, max_balance, details: { cause } },
    })

  const lotsOf = async (order: string) =>
    (await service.listLoyaltyTransactions({ order_id: order }, { order: { created_at: "ASC" } })).map((t: any) => [
      t.type,
      t.points,
      t.idempotency_key,
    ])

  describe("settling an order's earned points to a target", () => {
    afterEach(async () => {
      expect(await service.verifyAccounts()).toEqual([])
    })

    it("credits a rise once, however many settle it at once", async () => {
      await placed("cus_s1", "order_s1", 558)
      const results = await Promise.all([1, 2, 3, 4].map(() => settle("order_s1", 658, "edit:ordch_1")))
      expect(results.filter((result) => result?.credited).map((result) => result!.credited!.points)).toEqual([100])
      expect(await lotsOf("order_s1")).toEqual([
        ["earn", 558, "earn:order_s1"],
        ["earn", 100, "earn:order_s1:2"],
      ])
      expect(await service.getOrCreateAccount("cus_s1")).toMatchObject({ pending: 658, lifetime_earned: 658 })
    })

    it("reverses an excess once, from the newest lot first, and credits a later rise as a further lot", async () => {
      await placed("cus_s2", "order_s2", 558)
      await settle("order_s2", 808, "exchange:exc_1")
      const results = await Promise.all([1, 2, 3].map(() => settle("order_s2", 715, "return:ret_1")))
      expect(results.map((result) => result!.reversed).sort()).toEqual([0, 0, 93])
      await settle("order_s2", 765, "edit:ordch_2")
      expect(await lotsOf("order_s2")).toEqual([
        ["earn", 558, "earn:order_s2"],
        ["earn", 250, "earn:order_s2:2"],
        // Keyed by the state it brings the lot to: 93 taken back from the exchange's lot in all.
        ["reversal", -93, expect.stringMatching(/^reverse:lytx_\w+:93$/)],
        ["earn", 50, "earn:order_s2:3"],
      ])
      // A cancel takes everything: the order's own lot is keyed by all 558 taken back from it.
      await settle("order_s2", 0, "cancel:order_s2")
      expect(await service.getOrCreateAccount("cus_s2")).toMatchObject({ pending: 0, lifetime_earned: 0 })
      const [own] = await service.listLoyaltyTransactions({ idempotency_key: "earn:order_s2" })
      expect((await lotsOf("order_s2")).filter(([type]) => type === "reversal").map(([, , key]) => key)).toContain(
        `reverse:${own.id}:558`
      )
    })

    it("does not credit back what max_balance cut when the order is placed, only a rise above it", async () => {
      await placed("cus_s3", "order_s3", 100, { capped_by: "max_balance", uncapped_points: 308, context: {} })
      await expect(settle("order_s3", 200, "return:ret_2")).resolves.toMatchObject({ credited: null, reversed: 0 })
      await expect(settle("order_s3", 400, "edit:ordch_3")).resolves.toMatchObject({ credited: { points: 92 } })
    })

    it("leaves an order that never earned alone", async () => {
      await expect(settle("order_s4", 300, "edit:ordch_4")).resolves.toBeNull()
      expect(await lotsOf("order_s4")).toEqual([])
    })
  })
})
