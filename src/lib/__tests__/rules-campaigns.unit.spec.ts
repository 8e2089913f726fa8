import fc from "fast-check"
import { activeCampaigns, CampaignLike, campaignError, combineCampaigns, isCampaignActive } from "../rules/campaigns"

const at = (iso: string) => new Date(iso)
const starts_at = at("2026-03-01T00:00:00Z")
const ends_at = at("2026-03-08T00:00:00Z")

const spring: CampaignLike = { id: "camp_spring", starts_at, ends_at, kind: "extra_percent", extra_percent: 2 }
const double: CampaignLike = { id: "camp_double", starts_at, ends_at: null, kind: "multiplier", multiplier: 2 }
const vipOnly: CampaignLike = { ...spring, id: "camp_vip", customer_group_ids: ["cusgrp_vip"] }

describe("isCampaignActive", () => {
  it("starts at starts_at, inclusive", () => {
    expect(isCampaignActive(spring, starts_at)).toBe(true)
    expect(isCampaignActive(spring, at("2026-02-28T23:59:59.999Z"))).toBe(false)
  })

  it("ends at ends_at, exclusive", () => {
    expect(isCampaignActive(spring, at("2026-03-07T23:59:59.999Z"))).toBe(true)
    expect(isCampaignActive(spring, ends_at)).toBe(false)
  })

  it("runs on without an end when ends_at is null", () => {
    expect(isCampaignActive(double, at("2099-01-01T00:00:00Z"))).toBe(true)
    expect(isCampaignActive(double, at("2026-02-01T00:00:00Z"))).toBe(false)
  })

  it("runs for a customer in any of its groups only", () => {
    const during = at("2026-03-02T12:00:00Z")
    expect(isCampaignActive(vipOnly, during, ["cusgrp_staff", "cusgrp_vip"])).toBe(true)
    expect(isCampaignActive(vipOnly, during, ["cusgrp_staff"])).toBe(false)
    expect(isCampaignActive(vipOnly, during)).toBe(false)
  })

  it("runs for every customer with no groups, empty or null", () => {
    const during = at("2026-03-02T12:00:00Z")
    expect(isCampaignActive({ ...spring, customer_group_ids: [] }, during)).toBe(true)
    expect(isCampaignActive({ ...spring, customer_group_ids: null }, during, ["cusgrp_vip"])).toBe(true)
  })
})

describe("activeCampaigns", () => {
  it("keeps the campaigns running at the moment for the customer, by id", () => {
    const later: CampaignLike = { ...spring, id: "camp_april", starts_at: at("2026-04-01T00:00:00Z"), ends_at: null }
    const campaigns = [spring, later, vipOnly, double]
    const during = at("2026-03-02T12:00:00Z")
    expect(activeCampaigns(campaigns, during).map((c) => c.id)).toEqual(["camp_double", "camp_spring"])
    expect(activeCampaigns(campaigns, during, ["cusgrp_vip"]).map((c) => c.id)).toEqual(["camp_double", "camp_spring", "camp_vip"])
    expect(activeCampaigns(campaigns, at("2026-04-01T00:00:00Z")).map((c) => c.id)).toEqual(["camp_april", "camp_double"])
  })

  it("leaves the input alone", () => {
    const campaigns = [spring, double]
    activeCampaigns(campaigns, starts_at)
    expect(campaigns.map((c) => c.id)).toEqual(["camp_spring", "camp_double"])
  })
})

describe("combineCampaigns", () => {
  it("does nothing without campaigns: +0 % and ×1", () => {
    const effect = combineCampaigns([])
    expect(effect.extra_percent.toNumber()).toBe(0)
    expect(effect.multiplier.toNumber()).toBe(1)
    expect(effect.campaign_ids).toEqual([])
  })

  it("adds extra percents: +2 % and +3 % give +5 %", () => {
    const effect = combineCampaigns([spring, { ...spring, id: "camp_b", extra_percent: 3 }])
    expect(effect.extra_percent.toNumber()).toBe(5)
    expect(effect.multiplier.toNumber()).toBe(1)
    expect(effect.campaign_ids).toEqual(["camp_spring", "camp_b"])
  })

  it("multiplies multipliers: ×2 and ×1.5 give ×3", () => {
    const effect = combineCampaigns([double, { ...double, id: "camp_b", multiplier: "1.5" }])
    expect(effect.multiplier.toNumber()).toBe(3)
    expect(effect.extra_percent.toNumber()).toBe(0)
  })

  it("keeps both kinds side by side", () => {
    const effect = combineCampaigns([spring, double, { ...spring, id: "camp_c", extra_percent: "0.5" }])
    expect(effect.extra_percent.toString()).toBe("2.5")
    expect(effect.multiplier.toString()).toBe("2")
  })

  it("is exact where floats are not: 0.1 + 0.2 percent is 0.3", () => {
    const effect = combineCampaigns([{ ...spring, extra_percent: 0.1 }, { ...spring, id: "camp_b", extra_percent: 0.2 }])
    expect(effect.extra_percent.toString()).toBe("0.3")
  })

  it("adds nothing for a campaign saved without its value", () => {
    const effect = combineCampaigns([{ ...spring, extra_percent: null }, { ...double, multiplier: undefined }])
    expect(effect.extra_percent.toNumber()).toBe(0)
    expect(effect.multiplier.toNumber()).toBe(1)
  })

  it("refuses a negative or non-finite value", () => {
    expect(() => combineCampaigns([{ ...spring, extra_percent: -1 }])).toThrow("extra_percent must not be negative")
    expect(() => combineCampaigns([{ ...double, multiplier: -2 }])).toThrow(RangeError)
    expect(() => combineCampaigns([{ ...double, multiplier: NaN }])).toThrow(TypeError)
  })

  it("gives the same effect whatever order overlapping campaigns come in", () => {
    const campaignArb = fc.oneof(
      fc.integer({ min: 1, max: 10_000 }).map((v): CampaignLike => ({ ...spring, kind: "extra_percent", extra_percent: v / 100 })),
      fc.integer({ min: 1, max: 500 }).map((v): CampaignLike => ({ ...double, kind: "multiplier", multiplier: v / 100 }))
    )
    const listAndPermutation = fc
      .array(campaignArb, { maxLength: 6 })
      .map((list) => list.map((campaign, i) => ({ ...campaign, id: `camp_${i}` })))
      .chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length })))
    fc.assert(
      fc.property(listAndPermutation, ([list, permuted]) => {
        const a = combineCampaigns(list)
        const b = combineCampaigns(permuted)
        expect(b.extra_percent.eq(a.extra_percent)).toBe(true)
        expect(b.multiplier.eq(a.multiplier)).toBe(true)
        expect([...b.campaign_ids].sort()).toEqual([...a.campaign_ids].sort())
      })
    )
  })
})

describe("campaignError", () => {
  it.each([
    ["an extra percent with an end", spring],
    ["a multiplier without an end", double],
    ["an extra percent of 100", { ...spring, extra_percent: 100 }],
    ["a multiplier below 1", { ...double, multiplier: "0.5" }],
    ["a campaign for some groups", vipOnly],
    ["extra_percent with multiplier null", { ...spring, multiplier: null }],
  ])("accepts %s", (_, campaign) => {
    expect(campaignError(campaign)).toBeNull()
  })

  it.each([
    ["starts_at", "an invalid start", { ...spring, starts_at: new Date("not a date") }],
    ["starts_at", "a start given as a string", { ...spring, starts_at: "2026-03-01" as unknown as Date }],
    ["starts_at", "no start", { ...spring, starts_at: null as unknown as Date }],
    ["starts_at", "no start and no end", { ...double, starts_at: null as unknown as Date }],
    ["ends_at", "an invalid end", { ...spring, ends_at: new Date(NaN) }],
    ["ends_at", "an end left out rather than null", { ...spring, ends_at: undefined as unknown as null }],
    ["ends_at", "an end before the start", { ...spring, ends_at: at("2026-02-01T00:00:00Z") }],
    ["ends_at", "an end equal to the start", { ...spring, ends_at: starts_at }],
    ["kind", "an unknown kind", { ...spring, kind: "discount" as CampaignLike["kind"] }],
    ["multiplier", "an extra percent with a multiplier", { ...spring, multiplier: 2 }],
    ["extra_percent", "a multiplier with an extra percent", { ...double, extra_percent: 2 }],
    ["extra_percent", "no extra percent", { ...spring, extra_percent: undefined }],
    ["extra_percent", "an extra percent of 0", { ...spring, extra_percent: 0 }],
    ["extra_percent", "a negative extra percent", { ...spring, extra_percent: -2 }],
    ["extra_percent", "an extra percent above 100", { ...spring, extra_percent: "100.01" }],
    ["multiplier", "no multiplier", { ...double, multiplier: null }],
    ["multiplier", "a multiplier of 0", { ...double, multiplier: 0 }],
    ["multiplier", "a multiplier that is not a number", { ...double, multiplier: "twice" }],
    ["customer_group_ids", "an empty group id", { ...spring, customer_group_ids: ["cusgrp_vip", ""] }],
  ])("names %s for %s", (field, _, campaign) => {
    expect(campaignError(campaign)).toMatch(new RegExp(`^${field}: `))
  })

  it("says what it got", () => {
    expect(campaignError({ ...spring, extra_percent: 150 })).toBe("extra_percent: must be at most 100, got 150")
    expect(campaignError({ ...double, multiplier: -1 })).toBe("multiplier: must be a positive number, got -1")
  })
})
