import { loyaltyModuleTestRunner } from "./loyalty-module-runner"

jest.setTimeout(120_000)

loyaltyModuleTestRunner(({ service }) => {
  describe("referral bindings", () => {
    const codeOf = async (customerId: string, candidate: string) => (await service.assignReferralCode(customerId, candidate))!
    const bind = (referee: string, code: string, has_orders = false) =>
      service.bindReferral({ referee_customer_id: referee, code, source: "code", has_orders })
    const refusals = (customerId: string) => service.listLoyaltyReferralRefusals({ customer_id: customerId })

    it("binds a new shopper to the code's owner once; the same claim again replays, another referrer is refused", async () => {
      const anna = await codeOf("cus_anna", "ANNA-7K3Q")
      const ben = await codeOf("cus_ben", "BEN-7K3Q")
      const first = await bind("cus_new", anna.toLowerCase())
      expect(first).toMatchObject({ replayed: false, referral: { source: "code", code: "ANNA-7K3Q", status: "bound" } })
      expect(await bind("cus_new", anna)).toMatchObject({ replayed: true, referral: { id: first.referral!.id } })
      expect(await bind("cus_new", ben)).toMatchObject({ refused: "already_referred" })
      const [account] = await service.listLoyaltyAccounts({ customer_id: "cus_new" })
      const [annaAccount] = await service.listLoyaltyAccounts({ customer_id: "cus_anna" })
      expect(account.referred_by_account_id).toBe(annaAccount.id)
      expect(await service.listLoyaltyReferrals({ referee_account_id: account.id })).toHaveLength(1)
      expect((await refusals("cus_new")).map((r) => r.reason)).toEqual(["already_referred"])
    })

    it("refuses, and records, an unknown code, one's own code, an existing customer and a loop", async () => {
      const cara = await codeOf("cus_cara", "CARA-7K3Q")
      const dan = await codeOf("cus_dan", "DAN-7K3Q")
      expect(await bind("cus_x1", "NOBODY-1")).toMatchObject({ refused: "unknown_code", message: "No shopper has the referral code NOBODY-1." })
      // Trying again records nothing more.
      expect(await bind("cus_x1", "nobody-1")).toMatchObject({ refused: "unknown_code" })
      expect(await bind("cus_cara", cara)).toMatchObject({ refused: "self_referral" })
      expect(await bind("cus_x2", cara, true)).toMatchObject({ refused: "existing_customer" })
      // Dan was referred by Cara: Cara cannot then be Dan's referee, nor anyone's down the chain.
      await bind("cus_dan", cara)
      expect(await bind("cus_cara", dan)).toMatchObject({ refused: "referral_loop" })
      const eve = await codeOf("cus_eve", "EVE-7K3Q")
      await bind("cus_eve", dan)
      expect(await bind("cus_cara", eve)).toMatchObject({ refused: "referral_loop" })
      expect((await refusals("cus_cara")).map((r) => r.reason).sort()).toEqual(["referral_loop", "referral_loop", "self_referral"])
      expect(await refusals("cus_x1")).toEqual([expect.objectContaining({ code: "NOBODY-1", referrer_account_id: null })])
    })

    it("closes no loop when two shoppers claim each other's codes at once", async () => {
      const fay = await codeOf("cus_fay", "FAY-7K3Q")
      const gus = await codeOf("cus_gus", "GUS-7K3Q")
      const results = await Promise.all([bind("cus_fay", gus), bind("cus_gus", fay)])
      expect(results.filter((r) => r.referral).length).toBe(1)
      expect(results.filter((r) => r.refused === "referral_loop").length).toBe(1)
    })

    it("announces each binding once", async () => {
      const hal = await codeOf("cus_hal", "HAL-7K3Q")
      await Promise.all([bind("cus_ivy", hal), bind("cus_ivy", hal), bind("cus_ivy", hal)])
      const events: { name: string; data: Record<string, unknown> }[] = []
      await service.deliverEvents(100, async (batch) => {
        events.push(...batch)
      })
      expect(events.filter((e) => e.name === "loyalty.referral_bound")).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ referee_customer_id: "cus_ivy", referrer_customer_id: "cus_hal", source: "code" }) }),
      ])
    })

    it("never deletes an unused-looking account that refers or was referred (a welcome workflow undoing itself)", async () => {
      const jo = await codeOf("cus_jo", "JO-7K3Q")
      await bind("cus_kim", jo)
      const [kim] = await service.listLoyaltyAccounts({ customer_id: "cus_kim" })
      const [joAccount] = await service.listLoyaltyAccounts({ customer_id: "cus_jo" })
      expect(await service.deleteUnusedAccount(kim.id)).toBe(false)
      expect(await service.deleteUnusedAccount(joAccount.id)).toBe(false)
      expect(await service.listLoyaltyAccounts({ id: [kim.id, joAccount.id] })).toHaveLength(2)
    })

    it("refuses claims for an hour after ten codes no one has, but not typos of the same code or real codes before that", async () => {
      const lea = await codeOf("cus_lea", "LEA-7K3Q")
      for (let i = 0; i < 3; i++) expect(await bind("cus_guess", "TYPO-1")).toMatchObject({ refused: "unknown_code" })
      for (let i = 2; i <= 10; i++) expect(await bind("cus_guess", `GUESS-${i}`)).toMatchObject({ refused: "unknown_code" })
      expect(await bind("cus_guess", lea)).toMatchObject({ refused: "too_many_attempts", message: expect.stringMatching(/try again in an hour/) })
      expect(await refusals("cus_guess")).toHaveLength(10)
      // Another shopper is not held back by it.
      expect(await bind("cus_other_guesser", lea)).toMatchObject({ replayed: false })
    })

    it("shows a referrer each invitee with the referral points they brought, pending and available, and the totals", async () => {
      const mo = await codeOf("cus_mo", "MO-7K3Q")
      const first = (await bind("cus_ned", mo)).referral!
      const second = (await bind("cus_ola", mo)).referral!
      const reward = (referral: { id: string }, points: number, status: "pending" | "available", key: string) =>
        service.credit({ customer_id: "cus_mo", type: "referral", status, points, reference: `referral:${referral.id}`, idempotency_key: key })
      await reward(first, 50, "pending", "ref:1")
      await reward(first, 30, "available", "ref:2")
      await reward(second, 20, "available", "ref:3")
      // A referral row of another reference is not these invitees' doing.
      await service.credit({ customer_id: "cus_mo", type: "referral", status: "available", points: 999, idempotency_key: "ref:4" })

      const network = await service.retrieveReferralNetwork("cus_mo", { skip: 0, take: 10 })
      expect(network.count).toBe(2)
      expect(network.totals).toEqual({ invitees: 2, points_pending: 50, points_earned: 50 })
      const byId = Object.fromEntries(network.invitees.map((i) => [i.id, i]))
      expect(byId[first.id]).toMatchObject({ customer_id: "cus_ned", points_pending: 50, points_earned: 30 })
      expect(byId[second.id]).toMatchObject({ customer_id: "cus_ola", points_pending: 0, points_earned: 20 })
      const page = await service.retrieveReferralNetwork("cus_mo", { skip: 5, take: 10 })
      expect(page).toMatchObject({ invitees: [], count: 2, totals: { invitees: 2 } })
    })
  })
})
