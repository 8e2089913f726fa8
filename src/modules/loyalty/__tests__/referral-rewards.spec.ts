import { loyaltyModuleTestRunner } from "./loyalty-module-runner"

jest.setTimeout(120_000)

loyaltyModuleTestRunner(({ service, MikroOrmWrapper }) => {
  describe("referral rewards", () => {
    const knex = () => MikroOrmWrapper.getManager().getKnex()
    const referralOf = async (referrer: string, referee: string) => {
      const code = (await service.assignReferralCode(referrer, `${referrer.slice(4, 10).toUpperCase()}-7K3Q`))!
      const bound = await service.bindReferral({ referee_customer_id: referee, code, source: "code", has_orders: false })
      return bound.referral!
    }
    const reward = (
      referral: { id: string },
      order: string,
      over: Partial<Parameters<typeof service.creditReferralReward>[0]> = {}
    ) =>
      service.creditReferralReward({
        referral_id: referral.id,
        order_id: order,
        party: "referrer",
        points: 500,
        status: "pending",
        available_at: new Date(Date.now() + 14 * 86_400_000),
        expires_at: null,
        max_balance: null,
        monthly_cap: null,
        reward_month: "2026-12",
        details: { other_party: "N*** O." },
        reason: "Referral reward",
        idempotency_key: `referral:${referral.id}:${order}:${over.party ?? "referrer"}`,
        ...over,
      })
    const events = async () => {
      const sent: { name: string; data: Record<string, any> }[] = []
      await service.deliverEvents(100, async (batch) => {
        sent.push(...batch)
      })
      return sent.filter((e) => e.name === "loyalty.referral_rewarded")
    }

    it("credits each party's reward in their own account once, announcing it once", async () => {
      const referral = await referralOf("cus_rw_anna", "cus_rw_ben")
      const [first, again] = await Promise.all([reward(referral, "order_1"), reward(referral, "order_1")])
      expect(first.lot!.id).toBe(again.lot!.id)
      await reward(referral, "order_1", { party: "referee", points: 200 })
      const [anna] = await service.listLoyaltyAccounts({ customer_id: "cus_rw_anna" })
      const [ben] = await service.listLoyaltyAccounts({ customer_id: "cus_rw_ben" })
      expect([anna.pending, ben.pending]).toEqual([500, 200])
      const rows = await service.listLoyaltyTransactions({ type: "referral", order_id: "order_1" })
      expect(rows.map((r) => [r.account_id, r.points, r.reference, (r.details as any).party]).sort()).toEqual(
        [
          [anna.id, 500, `referral:${referral.id}`, "referrer"],
          [ben.id, 200, `referral:${referral.id}`, "referee"],
        ].sort()
      )
      expect((await events()).map((e) => [e.data.party, e.data.points, e.data.customer_id]).sort()).toEqual([
        ["referee", 200, "cus_rw_ben"],
        ["referrer", 500, "cus_rw_anna"],
      ])
    })

    it("pays nothing while the referral is flagged, rejected or unbound, and pays a flagged one once approved", async () => {
      const referral = await referralOf("cus_rw_cara", "cus_rw_dan")
      for (const status of ["flagged", "rejected", "unbound"]) {
        await knex()("loyalty_referral").where({ id: referral.id }).update({ status })
        expect(await reward(referral, "order_2")).toEqual({ withheld: status })
      }
      await knex()("loyalty_referral").where({ id: referral.id }).update({ status: "bound" })
      expect((await reward(referral, "order_2")).lot).toMatchObject({ points: 500, type: "referral" })
    })

    it("holds a referrer to the monthly cap of rewarded referrals, even for two friends' orders at once", async () => {
      const first = await referralOf("cus_rw_eve", "cus_rw_fay")
      const second = await referralOf("cus_rw_eve", "cus_rw_gus")
      const capped = { monthly_cap: 1 }
      const results = await Promise.all([reward(first, "order_3", capped), reward(second, "order_4", capped)])
      expect(results.filter((r) => r.lot).length).toBe(1)
      expect(results.filter((r) => r.withheld === "monthly_cap").length).toBe(1)
      const paid = results[0].lot ? first : second
      const unpaid = paid === first ? second : first
      // The referral already rewarded this month is not counted against itself (every_order_days).
      expect((await reward(paid, "order_5", capped)).lot).toBeDefined()
      // Next month the other friend's order is paid.
      expect((await reward(unpaid, "order_6", { ...capped, reward_month: "2027-01" })).lot).toBeDefined()
      // The referee's own reward is not the referrer's cap.
      expect((await reward(unpaid, "order_3", { ...capped, party: "referee", points: 200 })).lot).toBeDefined()
    })

    it("counts in the network what returns left of each reward, pending or available", async () => {
      const referral = await referralOf("cus_rw_hal", "cus_rw_ivy")
      const pending = (await reward(referral, "order_7")).lot!
      const available = (await reward(referral, "order_8", { status: "available", available_at: new Date() })).lot!
      await service.reverse({ transaction_id: pending.id, keep_points: 300, idempotency_key: "rv:1" })
      await service.reverse({ transaction_id: available.id, keep_points: 100, idempotency_key: "rv:2" })
      const network = await service.retrieveReferralNetwork("cus_rw_hal", { skip: 0, take: 10 })
      expect(network.totals).toMatchObject({ points_pending: 300, points_earned: 100 })
      expect(network.invitees[0]).toMatchObject({ points_pending: 300, points_earned: 100 })
    })
  })
})
