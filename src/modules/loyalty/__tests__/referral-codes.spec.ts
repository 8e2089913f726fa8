import { loyaltyModuleTestRunner } from "./loyalty-module-runner"

jest.setTimeout(120_000)

loyaltyModuleTestRunner(({ service }) => {
  describe("referral codes", () => {
    it("gives an account one code: the first candidate, whatever is asked later or at once", async () => {
      const [a, b] = await Promise.all([
        service.assignReferralCode("cus_r1", "ANNA-7K3Q"),
        service.assignReferralCode("cus_r1", "ANNA-9XYZ"),
      ])
      expect(a).toBe(b)
      expect(await service.assignReferralCode("cus_r1", "ANNA-4444")).toBe(a)
      expect((await service.getOrCreateAccount("cus_r1")).referral_code).toBe(a)
      expect(await service.listLoyaltyReferralCodes({ account_id: (await service.getOrCreateAccount("cus_r1")).id })).toHaveLength(1)
    })

    it("answers null for a candidate another shopper has, so the caller draws again", async () => {
      await service.assignReferralCode("cus_r2", "BEN-7K3Q")
      expect(await service.assignReferralCode("cus_r3", "ben-7k3q")).toBeNull()
      expect((await service.getOrCreateAccount("cus_r3")).referral_code).toBeNull()
      expect(await service.assignReferralCode("cus_r3", "BEN-9999")).toBe("BEN-9999")
    })

    it("lets the shopper choose a code once; the old one keeps pointing to them", async () => {
      await service.assignReferralCode("cus_r4", "CARA-7K3Q")
      expect(await service.changeReferralCode("cus_r4", " cara-2026 ")).toBe("CARA-2026")
      expect(await service.changeReferralCode("cus_r4", "CARA-2026")).toBe("CARA-2026")
      await expect(service.changeReferralCode("cus_r4", "CARA-2027")).rejects.toMatchObject({
        type: "not_allowed",
        message: expect.stringMatching(/already changed once/),
      })
      expect((await service.getOrCreateAccount("cus_r4")).referral_code).toBe("CARA-2026")
      const customer = (await service.getOrCreateAccount("cus_r4")).customer_id
      expect(await service.findReferralCodeOwner("cara-7k3q")).toMatchObject({ customer_id: customer, code: "CARA-7K3Q", current: false })
      expect(await service.findReferralCodeOwner("CARA-2026")).toMatchObject({ customer_id: customer, current: true })
      expect(await service.findReferralCodeOwner("NOBODY-1")).toBeNull()
    })

    it("refuses a code someone has or had, and a bad shape, changing nothing", async () => {
      await service.assignReferralCode("cus_r5", "DAN-7K3Q")
      await service.changeReferralCode("cus_r5", "DANNY")
      await service.assignReferralCode("cus_r6", "EVA-7K3Q")
      for (const taken of ["DANNY", "dan-7k3q"]) {
        await expect(service.changeReferralCode("cus_r6", taken)).rejects.toMatchObject({
          type: "duplicate_error",
          message: expect.stringMatching(/is taken/),
        })
      }
      await expect(service.changeReferralCode("cus_r6", "E V A")).rejects.toMatchObject({ type: "invalid_data" })
      expect((await service.getOrCreateAccount("cus_r6")).referral_code).toBe("EVA-7K3Q")
      // A refusal is not the one change: a free code still goes.
      expect(await service.changeReferralCode("cus_r6", "EVA-SHOP")).toBe("EVA-SHOP")
    })

    it("counts a code chosen before any was drawn as the one change", async () => {
      expect(await service.changeReferralCode("cus_r7", "FINN-1")).toBe("FINN-1")
      expect(await service.assignReferralCode("cus_r7", "FINN-7K3Q")).toBe("FINN-1")
      await expect(service.changeReferralCode("cus_r7", "FINN-2")).rejects.toMatchObject({ type: "not_allowed" })
    })

    it("gives two shoppers racing for one code one each", async () => {
      const results = await Promise.allSettled([
        service.changeReferralCode("cus_r8", "SAMEONE"),
        service.changeReferralCode("cus_r9", "SAMEONE"),
      ])
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1)
      expect(results.filter((r) => r.status === "rejected" && (r.reason as any).type === "duplicate_error")).toHaveLength(1)
    })
  })
})
