import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { createAdmin } from "../helpers/auth"

jest.setTimeout(120_000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("admin tiers, campaigns, rules and program settings", () => {
      let admin: { headers: Record<string, string> }

      beforeEach(async () => {
        admin = { headers: (await createAdmin(getContainer())).headers }
      })

      const errorOf = async (request: Promise<unknown>) => ((await request.catch((e: any) => e)) as any).response
      const post = (path: string, body: unknown) => api.post(`/admin/loyalty/${path}`, body, admin)
      const get = async (path: string) => (await api.get(`/admin/loyalty/${path}`, admin)).data

      it("creates, lists by threshold, changes and deletes tiers", async () => {
        const gold = (await post("tiers", { name: "Gold", min_points: 5000, multiplier: 2 })).data.tier
        await post("tiers", { name: "Silver", min_points: 1000, multiplier: 1.5 })
        expect(gold).toMatchObject({ name: "Gold", min_points: 5000, multiplier: 2 })
        expect((await get("tiers")).tiers.map((t: any) => [t.name, t.min_points, t.multiplier])).toEqual([
          ["Silver", 1000, 1.5],
          ["Gold", 5000, 2],
        ])

        const changed = (await post(`tiers/${gold.id}`, { multiplier: 2.5 })).data.tier
        expect(changed).toMatchObject({ id: gold.id, name: "Gold", min_points: 5000, multiplier: 2.5 })

        const deleted = (await api.delete(`/admin/loyalty/tiers/${gold.id}`, admin)).data
        expect(deleted).toEqual({ id: gold.id, object: "loyalty_tier", deleted: true })
        expect((await get("tiers")).count).toBe(1)
        expect((await errorOf(api.get(`/admin/loyalty/tiers/${gold.id}`, admin))).status).toBe(404)
      })

      it("refuses a second tier on the same threshold or with the same name, naming the field, and saves nothing", async () => {
        await post("tiers", { name: "Gold", min_points: 5000, multiplier: 2 })
        const sameThreshold = await errorOf(post("tiers", { name: "Platinum", min_points: 5000, multiplier: 3 }))
        expect(sameThreshold.status).toBe(400)
        expect(sameThreshold.data.message).toBe('min_points: 5000 is already the threshold of tier "Gold"')
        const sameName = await errorOf(post("tiers", { name: " gold ", min_points: 9000, multiplier: 3 }))
        expect(sameName.data.message).toBe('name: there is already a tier named "Gold"')
        const badMultiplier = await errorOf(post("tiers", { name: "Zero", min_points: 1, multiplier: 0 }))
        expect(badMultiplier.status).toBe(400)
        expect(badMultiplier.data.message).toContain("multiplier")
        expect((await get("tiers")).count).toBe(1)
      })

      it("saves campaigns and refuses a window that ends before it starts", async () => {
        const campaign = (
          await post("campaigns", {
            name: "Black Friday",
            starts_at: "2026-11-27T00:00:00Z",
            ends_at: "2026-11-30T00:00:00Z",
            kind: "multiplier",
            multiplier: 2,
          })
        ).data.campaign
        expect(campaign).toMatchObject({ name: "Black Friday", kind: "multiplier", multiplier: 2, extra_percent: null, customer_group_ids: [] })
        expect(new Date(campaign.ends_at).toISOString()).toBe("2026-11-30T00:00:00.000Z")

        const backwards = await errorOf(post(`campaigns/${campaign.id}`, { ends_at: "2026-11-01T00:00:00Z" }))
        expect(backwards.status).toBe(400)
        expect(backwards.data.message).toBe("ends_at: the campaign ends before it starts")
        const both = await errorOf(
          post("campaigns", { name: "Both", starts_at: "2026-12-01", kind: "extra_percent", extra_percent: 5, multiplier: 2 })
        )
        expect(both.data.message).toBe("multiplier: a campaign gives either an extra percent or a multiplier, not both")
        const negative = await errorOf(post("campaigns", { name: "Neg", starts_at: "2026-12-01", kind: "extra_percent", extra_percent: -5 }))
        expect(negative.status).toBe(400)
        expect(negative.data.message).toContain("extra_percent")

        const [stored] = (await get("campaigns")).campaigns
        expect(new Date(stored.ends_at).toISOString()).toBe("2026-11-30T00:00:00.000Z")
      })

      it("saves earning rules for existing targets only, one per target", async () => {
        const group = await getContainer().resolve(Modules.CUSTOMER).createCustomerGroups({ name: "VIP" })
        const rule = (
          await post("rules", { target_type: "customer_group", target_id: group.id, kind: "percent", percent: 10 })
        ).data.rule
        expect(rule).toMatchObject({ target_type: "customer_group", target_id: group.id, kind: "percent", percent: 10 })

        const again = await errorOf(post("rules", { target_type: "customer_group", target_id: group.id, kind: "exclude" }))
        expect(again.status).toBe(400)
        expect(again.data.message).toContain(`target_id: customer_group ${group.id} already has a rule`)
        const missing = await errorOf(post("rules", { target_type: "product", target_id: "prod_nope", kind: "exclude" }))
        expect(missing.status).toBe(400)
        expect(missing.data.message).toBe("target_id: there is no product prod_nope")
        const mixed = await errorOf(post(`rules/${rule.id}`, { points_per_unit: 5 }))
        expect(mixed.data.message).toBe("points_per_unit: only a points_per_unit rule has points per unit")

        const changed = (await post(`rules/${rule.id}`, { kind: "exclude", percent: null, exclude_redemption: true })).data.rule
        expect(changed).toMatchObject({ kind: "exclude", percent: null, exclude_redemption: true })
        expect((await get("rules")).count).toBe(1)
      })

      it("saves bonuses, achievements and caps, switches a bonus off with null, and names a bad field", async () => {
        const { program } = (
          await post("program", {
            welcome_bonus: { points: 500 },
            birthday_bonus: { points: 1000, expiry_days: 3 },
            achievements: [{ currency_code: "eur", spend: 20000, points: 500 }],
            max_redeem_percent: 20,
            max_points_per_order: 10000,
          })
        ).data
        expect(program).toMatchObject({
          welcome_bonus: { points: 500, expiry_days: null },
          birthday_bonus: { points: 1000, expiry_days: 3 },
          newsletter_bonus: null,
          achievements: [{ currency_code: "eur", spend: 20000, points: 500 }],
          max_points_per_order: 10000,
          max_balance: null,
          tier_window_days: 365,
          time_zone: "UTC",
        })

        const off = (await post("program", { welcome_bonus: null })).data.program
        expect(off).toMatchObject({ welcome_bonus: null, birthday_bonus: { points: 1000, expiry_days: 3 } })
        expect((await get("program")).program.welcome_bonus).toBeNull()

        const badZone = await errorOf(post("program", { time_zone: "Mars/Olympus" }))
        expect(badZone.status).toBe(400)
        expect(badZone.data.message).toContain('time_zone: "Mars/Olympus" is not an IANA time zone')
        const twice = await errorOf(
          post("program", { achievements: [{ currency_code: "eur", spend: 100, points: 5 }, { currency_code: "EUR", spend: 100, points: 9 }] })
        )
        expect(twice.status).toBe(400)
        expect(twice.data.message).toContain("achievements[1].spend: eur 100 is already a threshold")
        const negativeBonus = await errorOf(post("program", { order_bonus: { points: -5 } }))
        expect(negativeBonus.status).toBe(400)
        expect(negativeBonus.data.message).toContain("order_bonus")
        expect((await get("program")).program.achievements).toHaveLength(1)
      })

      it("needs an admin", async () => {
        const response = await errorOf(api.get("/admin/loyalty/tiers"))
        expect(response.status).toBe(401)
      })
    })
  },
})
