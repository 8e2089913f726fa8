import type { ReferralPartyFacts } from "../../../types/loyalty"
import { MAX_UNKNOWN_CODES_PER_IP_PER_HOUR } from "../ledger/referral-fraud"
import { rewardMonth } from "../../../lib/referral-rewards"
import { loyaltyModuleTestRunner } from "./loyalty-module-runner"

jest.setTimeout(120_000)

const DAY = 24 * 60 * 60 * 1000

loyaltyModuleTestRunner(({ service, MikroOrmWrapper }) => {
  const codeOf = async (customerId: string, candidate: string) => (await service.assignReferralCode(customerId, candidate))!
  const facts = (customer_id: string, more: Partial<ReferralPartyFacts> = {}): ReferralPartyFacts => ({
    customer_id,
    email: `${customer_id}@example.com`,
    phones: [],
    addresses: [],
    ...more,
  })
  type Extra = Partial<Parameters<typeof service.bindReferral>[0]>
  const bind = (referee: string, code: string, extra: Extra = {}) =>
    service.bindReferral({ referee_customer_id: referee, code, source: "code", has_orders: false, ...extra })
  const reasons = async (customerId: string) => (await service.listLoyaltyReferralRefusals({ customer_id: customerId })).map((r) => r.reason)
  const events = async () => {
    const sent: { name: string; data: Record<string, any> }[] = []
    await service.deliverEvents(1000, async (batch) => {
      sent.push(...batch)
    })
    return sent
  }

  describe("referral refusals for fraud", () => {
    it("refuses, and records, a referee with the referrer's mailbox, phone or shipping address; a stranger is bound", async () => {
      const code = await codeOf("cus_anna", "ANNA-7K3Q")
      const anna = facts("cus_anna", {
        email: "anna.smith@gmail.com",
        phones: ["+49 170 1234567"],
        addresses: [{ address_1: "Hauptstr. 1", postal_code: "10115", country_code: "de" }],
      })
      const as = (referee: string, more: Partial<ReferralPartyFacts>) => bind(referee, code, { referee: facts(referee, more), referrer: anna })
      expect(await as("cus_e", { email: "AnnaSmith+2@googlemail.com" })).toMatchObject({
        refused: "same_email",
        message: "This referral code belongs to a shopper with the same e-mail address as yours.",
      })
      expect(await as("cus_p", { phones: [null, "0049 170 123-45-67"] })).toMatchObject({ refused: "same_phone" })
      expect(await as("cus_a", { addresses: [{ address_1: "hauptstr 1", postal_code: "10 115", country_code: "DE" }] })).toMatchObject({
        refused: "same_address",
      })
      expect(await as("cus_s", { phones: ["+49 170 7654321"], addresses: [{ address_1: "Ring 2", postal_code: "10115", country_code: "de" }] })).toMatchObject({
        replayed: false,
        referral: { status: "bound" },
      })
      expect([...(await reasons("cus_e")), ...(await reasons("cus_p")), ...(await reasons("cus_a"))]).toEqual(["same_email", "same_phone", "same_address"])
      // Facts of a shopper who does not own the code are not compared.
      expect(await bind("cus_e2", code, { referee: facts("cus_e2", { email: "x@example.com" }), referrer: facts("cus_other", { email: "x@example.com" }) })).toMatchObject({
        referral: { status: "bound" },
      })
    })

    it("refuses a disposable e-mail address", async () => {
      const code = await codeOf("cus_ben", "BEN-7K3Q")
      expect(await bind("cus_temp", code, { referee: facts("cus_temp", { email: "ben2@Mailinator.com" }), referrer: facts("cus_ben") })).toMatchObject({
        refused: "disposable_email",
        message: "Referrals need a permanent e-mail address, not a disposable one.",
      })
      expect(await reasons("cus_temp")).toEqual(["disposable_email"])
    })

    it("refuses a referrer who reached monthly_cap friends first rewarded this month, a canceled reward counting too", async () => {
      await service.updateProgramSettings({ referrals: { monthly_cap: 2 } })
      const code = await codeOf("cus_cap", "CAP-7K3Q")
      const reward = async (referralId: string, order: string) => {
        const { lot } = await service.creditReferralReward({
          referral_id: referralId,
          order_id: order,
          party: "referrer",
          points: 10,
          status: "pending",
          available_at: null,
          expires_at: null,
          max_balance: null,
          monthly_cap: null,
          reward_month: rewardMonth(new Date(), "UTC"),
          details: {},
          reason: "test",
          idempotency_key: `referral:${referralId}:${order}:referrer`,
        })
        return lot!
      }
      const first = (await bind("cus_c1", code)).referral!
      const second = (await bind("cus_c2", code)).referral!
      await reward(first.id, "order_c1")
      // Bound, not yet rewarded: the cap counts rewards.
      expect(await bind("cus_c3", code)).toMatchObject({ referral: { status: "bound" } })
      // A reward taken back with its canceled order still took its place this month.
      const canceled = await reward(second.id, "order_c2")
      await service.reverse({ transaction_id: canceled.id, keep_points: 0, reason: "test", idempotency_key: "cap:void" })
      expect(await bind("cus_c4", code)).toMatchObject({
        refused: "monthly_cap",
        message: "This shopper has invited as many friends as the program rewards this month; try again next month.",
      })
      expect(await reasons("cus_c4")).toEqual(["monthly_cap"])
    })

    it(`refuses claims from an address that tried ${MAX_UNKNOWN_CODES_PER_IP_PER_HOUR} unknown codes in an hour, whoever sent them`, async () => {
      const code = await codeOf("cus_lea", "LEA-7K3Q")
      // Four shoppers, each under their own limit of ten, guess from one address.
      for (let i = 0; i < MAX_UNKNOWN_CODES_PER_IP_PER_HOUR; i++) {
        expect(await bind(`cus_g${i % 4}`, `GUESS-${i}`, { ip_hash: "ip_a" })).toMatchObject({ refused: "unknown_code" })
      }
      expect(await bind("cus_fresh", code, { ip_hash: "ip_a" })).toMatchObject({ refused: "too_many_attempts" })
      // Not recorded as a refusal of the fresh shopper; another address is not held back.
      expect(await reasons("cus_fresh")).toEqual([])
      expect(await bind("cus_fresh", code, { ip_hash: "ip_b" })).toMatchObject({ referral: { status: "bound" } })
      // The same unknown code again and again (a reload) counts once.
      for (let i = 0; i < MAX_UNKNOWN_CODES_PER_IP_PER_HOUR + 5; i++) {
        await bind(`cus_r${i}`, "TYPO-1", { ip_hash: "ip_c" })
      }
      expect(await bind("cus_fresh2", code, { ip_hash: "ip_c" })).toMatchObject({ referral: { status: "bound" } })
      expect(await service.listLoyaltyReferralAttempts({ ip_hash: "ip_c" })).toHaveLength(1)
    })
  })

  describe("referral flags", () => {
    it("keeps the device seen last without waiting for a checkout's lock on the account; a new device waits its turn", async () => {
      const { id } = await service.getOrCreateAccount("cus_busy")
      expect(await service.recordShopperDevice("cus_busy", "dev_a")).toBe(true)
      const trx = await MikroOrmWrapper.getManager().getKnex().transaction()
      try {
        await trx.raw("SELECT id FROM loyalty_account WHERE id = ? FOR UPDATE", [id])
        // The account page of a shopper mid-checkout answers at once.
        const waited = new Promise((resolve) => setTimeout(() => resolve("waited for the lock"), 2000))
        expect(await Promise.race([service.recordShopperDevice("cus_busy", "dev_a"), waited])).toBe(false)
        let recorded = false
        const change = service.recordShopperDevice("cus_busy", "dev_b").then((changed) => (recorded = changed))
        await new Promise((resolve) => setTimeout(resolve, 300))
        expect(recorded).toBe(false)
        await trx.commit()
        await change
        expect(recorded).toBe(true)
      } finally {
        if (!trx.isCompleted()) await trx.rollback()
      }
      expect((await service.listLoyaltyAccounts({ customer_id: "cus_busy" }))[0].device_hash).toBe("dev_b")
    })

    it("flags a claim from the device the referrer last used, with the program's deadline, and announces it", async () => {
      const code = await codeOf("cus_dev", "DEV-7K3Q")
      expect(await service.recordShopperDevice("cus_dev", "dev_0")).toBe(true)
      expect(await service.recordShopperDevice("cus_dev", "dev_1")).toBe(true)
      expect(await service.recordShopperDevice("cus_dev", "dev_1")).toBe(false)
      const other = await bind("cus_elsewhere", code, { device_hash: "dev_2" })
      expect(other.referral).toMatchObject({ status: "bound", flag_reason: null, review_deadline_at: null })
      const same = (await bind("cus_same", code, { device_hash: "dev_1" })).referral!
      expect(same).toMatchObject({ status: "flagged", flag_reason: "same_device" })
      expect(new Date(same.review_deadline_at!).getTime() - new Date(same.flagged_at!).getTime()).toBe(14 * DAY)
      const sent = await events()
      expect(sent.filter((e) => e.name === "loyalty.referral_flagged")).toEqual([
        expect.objectContaining({
          data: expect.objectContaining({ referral_id: same.id, reason: "same_device", referee_customer_id: "cus_same", referrer_customer_id: "cus_dev" }),
        }),
      ])
      expect(sent.filter((e) => e.name === "loyalty.referral_bound")).toHaveLength(2)
    })

    it("flags a referrer's bindings past flag_referrals_per_day, also when four claims come at once", async () => {
      await service.updateProgramSettings({ referrals: { flag_referrals_per_day: 2, review_deadline_days: 3 } })
      const code = await codeOf("cus_fast", "FAST-7K3Q")
      expect((await bind("cus_v1", code)).referral!.status).toBe("bound")
      const claims = await Promise.all(["cus_v2", "cus_v3", "cus_v4", "cus_v5"].map((referee) => bind(referee, code)))
      expect(claims.map((claim) => claim.referral!.status).sort()).toEqual(["bound", "flagged", "flagged", "flagged"])
      const flagged = claims.find((r) => r.referral!.status === "flagged")!.referral!
      expect(flagged.flag_reason).toBe("velocity")
      expect(new Date(flagged.review_deadline_at!).getTime() - new Date(flagged.flagged_at!).getTime()).toBe(3 * DAY)
    })

    it("flagReferral holds a bound referral once; a flagged, decided or unknown one stays as it is", async () => {
      const code = await codeOf("cus_big", "BIG-7K3Q")
      const referral = (await bind("cus_spender", code)).referral!
      await events()
      expect(await service.flagReferral(referral.id, "large_order")).toMatchObject({ flagged: true, referral: { status: "flagged", flag_reason: "large_order" } })
      expect(await service.flagReferral(referral.id, "large_order")).toMatchObject({ flagged: false })
      await service.reviewReferral({ referral_id: referral.id, decision: "approve", reviewed_by: "user_1" })
      expect(await service.flagReferral(referral.id, "large_order")).toMatchObject({ flagged: false, referral: { status: "bound" } })
      expect(await service.flagReferral("lyrfl_nope", "large_order")).toBeNull()
      expect((await events()).filter((e) => e.name === "loyalty.referral_flagged")).toHaveLength(1)
    })
  })

  describe("referral review", () => {
    const flaggedReferral = async (referee: string, code: string) => {
      const { referral } = await bind(referee, code)
      return (await service.flagReferral(referral!.id, "large_order"))!.referral
    }

    it("approves, rejects and unbinds, recording who and why; the same decision replays, a wrong one is refused", async () => {
      const code = await codeOf("cus_rev", "REV-7K3Q")
      const one = await flaggedReferral("cus_r1", code)
      const two = await flaggedReferral("cus_r2", code)
      const approved = await service.reviewReferral({ referral_id: one.id, decision: "approve", reviewed_by: "user_1", note: "known family" })
      expect(approved).toMatchObject({ replayed: false, referral: { status: "bound", reviewed_by: "user_1", review_note: "known family" } })
      expect(approved.referral.reviewed_at).toBeTruthy()
      const again = await service.reviewReferral({ referral_id: one.id, decision: "approve", reviewed_by: "user_2" })
      expect(again).toMatchObject({ replayed: true, referral: { status: "bound", reviewed_by: "user_1" } })
      await expect(service.reviewReferral({ referral_id: one.id, decision: "reject", reviewed_by: "user_1" })).rejects.toMatchObject({
        type: "not_allowed",
        message: expect.stringMatching(/only a flagged referral can be rejected/),
      })
      expect(await service.reviewReferral({ referral_id: two.id, decision: "reject", reviewed_by: "user_1", note: "fake" })).toMatchObject({ referral: { status: "rejected" } })
      await expect(service.reviewReferral({ referral_id: two.id, decision: "approve", reviewed_by: "user_1" })).rejects.toMatchObject({ type: "not_allowed" })
      await expect(service.reviewReferral({ referral_id: two.id, decision: "unbind", reviewed_by: "user_1" })).rejects.toMatchObject({ type: "not_allowed" })
      expect(await service.reviewReferral({ referral_id: one.id, decision: "unbind", reviewed_by: "user_3", note: "left" })).toMatchObject({
        referral: { status: "unbound", reviewed_by: "user_3", review_note: "left" },
      })
      await expect(service.reviewReferral({ referral_id: "lyrfl_nope", decision: "unbind", reviewed_by: "user_1" })).rejects.toMatchObject({ type: "not_found" })
    })

    it("applies the program's default to overdue flags only, each once when two runs decide at once", async () => {
      const code = await codeOf("cus_late", "LATE-7K3Q")
      const overdue = await Promise.all(["cus_l1", "cus_l2", "cus_l3", "cus_l4", "cus_l5"].map((id) => flaggedReferral(id, code)))
      const later = new Date(Date.now() + 15 * DAY)
      // Not due yet: nothing happens.
      expect(await service.decideOverdueReferrals({ limit: 100 })).toEqual({ decision: "reject", referral_ids: [] })
      const runs = await Promise.all([
        service.decideOverdueReferrals({ limit: 100, now: later }),
        service.decideOverdueReferrals({ limit: 100, now: later }),
      ])
      const decided = runs.flatMap((run) => run.referral_ids)
      expect(decided.sort()).toEqual(overdue.map((r) => r.id).sort())
      const rows = await service.listLoyaltyReferrals({ id: decided })
      expect(rows.every((r) => r.status === "rejected" && r.reviewed_by === null && /deadline passed/.test(r.review_note!))).toBe(true)

      await service.updateProgramSettings({ referrals: { review_default: "approve" } })
      const waiting = await flaggedReferral("cus_l6", code)
      expect(await service.decideOverdueReferrals({ limit: 100, now: later })).toEqual({ decision: "approve", referral_ids: [waiting.id] })
      expect((await service.listLoyaltyReferrals({ id: waiting.id }))[0].status).toBe("bound")
    })

    it("lists the queue by status or reward, newest first, with both parties and the points so far", async () => {
      const code = await codeOf("cus_q", "Q-7K3Q")
      const plain = (await bind("cus_q1", code)).referral!
      const flagged = await flaggedReferral("cus_q2", code)
      await service.credit({ customer_id: "cus_q", type: "referral", status: "pending", points: 25, reference: `referral:${plain.id}`, idempotency_key: "q:1" })
      const all = await service.listReferralQueue({}, { skip: 0, take: 10 })
      expect(all.count).toBe(2)
      expect(all.referrals.map((r) => r.id)).toEqual([flagged.id, plain.id])
      expect(all.referrals[1]).toMatchObject({ referee_customer_id: "cus_q1", referrer_customer_id: "cus_q", reward_points: 25 })
      expect(await service.listReferralQueue({ status: "flagged" }, { skip: 0, take: 10 })).toMatchObject({ count: 1, referrals: [{ id: flagged.id, flag_reason: "large_order" }] })
      expect(await service.listReferralQueue({ rewarded: true }, { skip: 0, take: 10 })).toMatchObject({ count: 1, referrals: [{ id: plain.id }] })
      expect(await service.listReferralQueue({}, { skip: 1, take: 10 })).toMatchObject({ count: 2, referrals: [{ id: plain.id }] })
    })
  })
})
