import { loyaltyModuleTestRunner } from "./loyalty-module-runner"

jest.setTimeout(120_000)

loyaltyModuleTestRunner(({ service, MikroOrmWrapper }) => {
  describe("referral visits", () => {
    const knex = () => MikroOrmWrapper.getManager().getKnex()
    const visit = (utm_source: string) =>
      service.recordReferralVisit({
        referrer_origin: null,
        utm_source,
        utm_medium: null,
        utm_campaign: null,
        ip_hash: null,
        user_agent_hash: null,
        external_source: true,
      })
    const ageDays = (id: string, days: number) =>
      knex().raw(`UPDATE loyalty_referral_visit SET created_at = now() - make_interval(days => ?) WHERE id = ?`, [days, id])
    const left = async () => (await service.listLoyaltyReferralVisits({})).map((v) => v.utm_source).sort()

    it("forgets visits too old to bind (30 days), oldest first in batches, and keeps the rest; twice at once is harmless", async () => {
      await visit("fresh")
      const almost = await visit("almost")
      const old = await Promise.all(["old-1", "old-2", "old-3"].map(visit))
      await ageDays(almost!.id, 29)
      for (const [i, row] of old.entries()) {
        await ageDays(row!.id, 31 + i)
      }
      // A batch of two takes the two oldest; the next takes the last; then there is nothing to forget.
      expect(await service.pruneReferralVisits(2)).toBe(2)
      expect(await left()).toEqual(["almost", "fresh", "old-1"])
      const [a, b] = await Promise.all([service.pruneReferralVisits(10), service.pruneReferralVisits(10)])
      expect(a + b).toBe(1)
      expect(await left()).toEqual(["almost", "fresh"])
      expect(await service.pruneReferralVisits(10)).toBe(0)
    })
  })
})
