import { loyaltyModuleTestRunner } from "./loyalty-module-runner"

jest.setTimeout(120_000)

loyaltyModuleTestRunner(({ service }) => {
  const earn = (customer_id: string, order: string, points: number) =>
    service.creditUpTo({
      customer_id,
      type: "earn",
      status: "pending",
      points,
      available_at: new Date(Date.now() + 14 * 24 * 60 * 60 * 1000),
      order_id: order,
      max_balance: 1000,
      idempotency_key: `earn:${order}`,
    })

  describe("credits under max_balance", () => {
    afterEach(async () => {
      expect(await service.verifyAccounts()).toEqual([])
    })

    it("lets credits that arrive at once together fill the balance up to max_balance and no further", async () => {
      const lots = await Promise.all([earn("cus_m", "order_1", 600), earn("cus_m", "order_2", 600), earn("cus_m", "order_3", 600)])
      const account = await service.getOrCreateAccount("cus_m")
      expect(account.pending).toBe(1000)
      const credited = lots.filter(Boolean).map((lot) => lot!.points).sort((a, b) => a - b)
      expect(credited).toEqual([400, 600])
      const cut = lots.find((lot) => lot?.points === 400)!
      expect(cut.details).toMatchObject({ capped_by: "max_balance", requested_points: 600 })
    })

    it("returns the first lot for a repeated key, even one that was cut", async () => {
      await earn("cus_n", "order_4", 900)
      const cut = await earn("cus_n", "order_5", 300)
      const again = await earn("cus_n", "order_5", 300)
      expect(again).toMatchObject({ id: cut!.id, points: 100, replayed: true })
      await expect(earn("cus_n", "order_6", 50)).resolves.toBeNull()
    })

    it("replays a repeated key that now asks for fewer points (an order redelivered after a return)", async () => {
      const first = await earn("cus_o", "order_7", 300)
      const again = await earn("cus_o", "order_7", 120)
      expect(again).toMatchObject({ id: first!.id, points: 300, replayed: true })
      expect((await service.getOrCreateAccount("cus_o")).pending).toBe(300)
    })

    it("refuses a repeated key for another shopper or another kind of credit", async () => {
      await earn("cus_p", "order_8", 200)
      await expect(earn("cus_q", "order_8", 200)).rejects.toThrow(/earn:order_8/)
    })
  })
})
