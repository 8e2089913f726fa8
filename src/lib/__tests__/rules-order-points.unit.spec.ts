import { MathBN } from "@medusajs/framework/utils"
import fc from "fast-check"
import { earnPoints } from "../points"
import { CampaignLike } from "../rules/campaigns"
import { EarningRule, RuleLine, RuleTargetType } from "../rules/earning-rules"
import { earnWithRules, RuleEarningInput } from "../rules/order-points"

// Points worth 1 RUB, 5 %: 2 shirts for 4000, a mug for 1000, a gift card for 3000.
const lines: RuleLine[] = [
  { id: "line_shirt", product_id: "prod_shirt", collection_id: "pcol_summer", category_ids: ["pcat_tops"], quantity: 2, amount: 4000 },
  { id: "line_mug", product_id: "prod_mug", category_ids: ["pcat_kitchen"], quantity: 1, amount: 1000 },
  { id: "line_gift", product_id: "prod_gift", quantity: 1, amount: 3000 },
]
const base: RuleEarningInput = { lines, customer_group_ids: [], rules: [], earn_percent: 5, point_value: 1 }

// Tops earn 10 %, a mug 30 points, gift cards nothing: 400 + 30 + 0 = 430.
const rules: EarningRule[] = [
  { id: "rule_tops", target: { type: "category", id: "pcat_tops" }, kind: "percent", percent: 10 },
  { id: "rule_mug", target: { type: "product", id: "prod_mug" }, kind: "points_per_unit", points_per_unit: 30 },
  { id: "rule_gift", target: { type: "product", id: "prod_gift" }, kind: "exclude", exclude_redemption: true },
]

const campaign = (id: string, kind: CampaignLike["kind"], value: number | string): CampaignLike => ({
  id,
  starts_at: new Date("2026-01-01T00:00:00Z"),
  ends_at: null,
  kind,
  [kind]: value,
})
const extra2 = campaign("camp_extra", "extra_percent", 2)
const double = campaign("camp_double", "multiplier", 2)

const pointsOf = (result: { lines: { points: number }[] }) => result.lines.map((line) => line.points)

describe("earnWithRules", () => {
  it("earns earn_percent on every line without rules: 5 % of 8000 is 400", () => {
    const result = earnWithRules(base)
    expect(result).toMatchObject({
      points: 400,
      uncapped_points: 400,
      base_points: 400,
      capped_by: null,
      tier_multiplier: 1,
      campaign_ids: [],
      campaign_extra_percent: 0,
      campaign_multiplier: 1,
    })
    expect(result.eligible_amount.numeric).toBe(8000)
    expect(pointsOf(result)).toEqual([200, 50, 150])
    expect(result.lines.every((line) => line.source === "default" && line.rule_id === null && line.percent === 5)).toBe(true)
  })

  it("earns each line by its rule and stores which rule applied", () => {
    const result = earnWithRules({ ...base, rules })
    expect(result.points).toBe(430)
    expect(result.base_points).toBe(430)
    expect(result.eligible_amount.numeric).toBe(5000)
    expect(result.lines).toEqual([
      {
        line_id: "line_shirt",
        rule_id: "rule_tops",
        source: "category",
        earning: "percent",
        percent: 10,
        points_per_unit: null,
        base_points: 400,
        points: 400,
        redemption_excluded_by: [],
      },
      {
        line_id: "line_mug",
        rule_id: "rule_mug",
        source: "product",
        earning: "points_per_unit",
        percent: null,
        points_per_unit: 30,
        base_points: 30,
        points: 30,
        redemption_excluded_by: [],
      },
      {
        line_id: "line_gift",
        rule_id: "rule_gift",
        source: "product",
        earning: "excluded",
        percent: null,
        points_per_unit: null,
        base_points: 0,
        points: 0,
        redemption_excluded_by: ["rule_gift"],
      },
    ])
  })

  it("applies a customer group rate to the lines no narrower rule decides", () => {
    const group: EarningRule = { id: "rule_vip", target: { type: "customer_group", id: "cusgrp_vip" }, kind: "percent", percent: 8 }
    // Shirt 10 % (category beats group) = 400, mug 30, gift excluded; without the rules only the group: 8 % of 8000.
    expect(earnWithRules({ ...base, rules: [...rules, group], customer_group_ids: ["cusgrp_vip"] }).points).toBe(430)
    expect(earnWithRules({ ...base, rules: [group], customer_group_ids: ["cusgrp_vip"] }).points).toBe(640)
    expect(earnWithRules({ ...base, rules: [group], customer_group_ids: [] }).points).toBe(400)
  })

  it("multiplies the order's points by the tier multiplier: 430 × 1.5 = 645", () => {
    const result = earnWithRules({ ...base, rules, tier_multiplier: 1.5 })
    expect(result).toMatchObject({ points: 645, base_points: 430, tier_multiplier: 1.5 })
    expect(pointsOf(result)).toEqual([600, 45, 0])
    expect(result.lines.map((line) => line.base_points)).toEqual([400, 30, 0])
  })

  it("adds a campaign's extra percent of the amount to lines that earn, not to excluded ones", () => {
    // Shirt 400 + 2 % of 4000 = 480; mug 30 + 2 % of 1000 = 50; gift card stays 0.
    const result = earnWithRules({ ...base, rules, campaigns: [extra2] })
    expect(result).toMatchObject({ points: 530, base_points: 430, campaign_extra_percent: 2, campaign_ids: ["camp_extra"] })
    expect(pointsOf(result)).toEqual([480, 50, 0])
  })

  it("combines rules, tier multiplier and campaigns: (430 + 100) × 1.5 × 2 = 1590", () => {
    const result = earnWithRules({ ...base, rules, tier_multiplier: 1.5, campaigns: [extra2, double] })
    expect(result).toMatchObject({
      points: 1590,
      uncapped_points: 1590,
      base_points: 430,
      tier_multiplier: 1.5,
      campaign_extra_percent: 2,
      campaign_multiplier: 2,
      campaign_ids: ["camp_extra", "camp_double"],
    })
    expect(pointsOf(result)).toEqual([1440, 150, 0])
  })

  it("multiplies points per unit by the tier and campaigns too", () => {
    const mugOnly = { ...base, lines: [lines[1]], rules }
    expect(earnWithRules({ ...mugOnly, tier_multiplier: 2, campaigns: [campaign("camp_x3", "multiplier", 3)] }).points).toBe(180)
  })

  it("gives points_per_unit points whatever the currency's point value", () => {
    const mugs = [{ ...lines[1], quantity: 3 }]
    expect(earnWithRules({ ...base, lines: mugs, rules, point_value: "0.01" }).points).toBe(90)
    expect(earnWithRules({ ...base, lines: mugs, rules, point_value: 7 }).points).toBe(90)
  })

  it("rounds down once for the order, not per line: three lines of half a point earn 1", () => {
    const small = ["a", "b", "c"].map((id) => ({ id, quantity: 1, amount: 10 }))
    const result = earnWithRules({ ...base, lines: small })
    expect(result.points).toBe(1)
    expect(pointsOf(result)).toEqual([1, 0, 0])
  })

  it("rounds down the order after the multipliers, not before them", () => {
    // 3 lines × 0.5 points × 1.5 = 2.25 → 2; rounding the base first would give 1 × 1.5 → 1.
    const small = ["a", "b", "c"].map((id) => ({ id, quantity: 1, amount: 10 }))
    expect(earnWithRules({ ...base, lines: small, tier_multiplier: 1.5 })).toMatchObject({ points: 2, base_points: 1 })
  })

  it("converts with the point value and rounds down: 5 % of 19.99 EUR at 0.01 is 99 points", () => {
    expect(earnWithRules({ ...base, lines: [{ id: "l", quantity: 1, amount: "19.99" }], point_value: "0.01" }).points).toBe(99)
  })

  it("is exact where float arithmetic would lose a point (100 × 1.15 = 114.999… in floats)", () => {
    // 5 % of 2000 is 100 points; a tier of 1.15 makes 115.
    expect(earnWithRules({ ...base, lines: [{ id: "l", quantity: 1, amount: 2000 }], tier_multiplier: 1.15 }).points).toBe(115)
  })

  it("earns nothing in a currency without a point value, but still says which rule decides each line", () => {
    for (const point_value of [undefined, 0, -1]) {
      const result = earnWithRules({ ...base, rules, point_value, tier_multiplier: 2, campaigns: [extra2] })
      expect(result).toMatchObject({ points: 0, uncapped_points: 0, base_points: 0, capped_by: null })
      expect(pointsOf(result)).toEqual([0, 0, 0])
      expect(result.lines.map((line) => line.rule_id)).toEqual(["rule_tops", "rule_mug", "rule_gift"])
    }
  })

  it("caps at max_points_per_order and splits the capped points over the lines", () => {
    // 1590 capped to 500, split 1440 : 150 → 452.83 + 47.17, the point left to the larger remainder.
    const result = earnWithRules({ ...base, rules, tier_multiplier: 1.5, campaigns: [extra2, double], caps: { max_points_per_order: 500 } })
    expect(result).toMatchObject({ points: 500, uncapped_points: 1590, base_points: 430, capped_by: "max_points_per_order" })
    expect(pointsOf(result)).toEqual([453, 47, 0])
    expect(result.lines.map((line) => line.base_points)).toEqual([400, 30, 0])
  })

  it("caps at what takes the balance plus pending points to max_balance", () => {
    const result = earnWithRules({ ...base, caps: { max_balance: 1000 }, balance: 700 })
    expect(result).toMatchObject({ points: 300, uncapped_points: 400, capped_by: "max_balance" })
    expect(pointsOf(result)).toEqual([150, 38, 112])
  })

  it("leaves more room under max_balance to an account in debt", () => {
    expect(earnWithRules({ ...base, caps: { max_balance: 300 }, balance: -200 })).toMatchObject({ points: 400, capped_by: null })
  })

  it("counts no balance as 0 against max_balance", () => {
    expect(earnWithRules({ ...base, caps: { max_balance: 250 } })).toMatchObject({ points: 250, capped_by: "max_balance" })
  })

  it("counts a line with a negative amount as 0, not against the other lines", () => {
    const odd = [{ id: "a", quantity: 1, amount: 2000 }, { id: "b", quantity: 1, amount: -1000 }]
    const result = earnWithRules({ ...base, lines: odd })
    expect(result.points).toBe(100)
    expect(result.eligible_amount.numeric).toBe(2000)
  })

  it("earns nothing with a tier multiplier of 0 and refuses a NaN one", () => {
    expect(earnWithRules({ ...base, tier_multiplier: 0 }).points).toBe(0)
    expect(() => earnWithRules({ ...base, tier_multiplier: NaN })).toThrow(TypeError)
  })

  it("earns nothing on an empty order", () => {
    expect(earnWithRules({ ...base, lines: [] })).toMatchObject({ points: 0, base_points: 0, lines: [] })
  })
})

// Properties over random orders, rules, campaigns, tiers and caps.

const products = ["p1", "p2", "p3"]
const categories = ["c1", "c2", "c3"]
const collections = ["k1", "k2"]
const groups = ["g1", "g2"]

const cents = fc.integer({ min: 0, max: 10_000_000 }).map((c) => c / 100)
const lineArb = fc.record({
  product_id: fc.option(fc.constantFrom(...products), { nil: null }),
  collection_id: fc.option(fc.constantFrom(...collections), { nil: null }),
  category_ids: fc.subarray(categories),
  quantity: fc.integer({ min: 1, max: 20 }),
  amount: cents,
})
const linesArb = fc.array(lineArb, { maxLength: 8 }).map((list) => list.map((line, i) => ({ id: `line_${i}`, ...line })))

const targetArb = fc.oneof(
  fc.record({ type: fc.constant<RuleTargetType>("product"), id: fc.constantFrom(...products) }),
  fc.record({ type: fc.constant<RuleTargetType>("category"), id: fc.constantFrom(...categories) }),
  fc.record({ type: fc.constant<RuleTargetType>("collection"), id: fc.constantFrom(...collections) }),
  fc.record({ type: fc.constant<RuleTargetType>("customer_group"), id: fc.constantFrom(...groups) })
)
const ruleBodyArb = fc.oneof(
  fc.record({ kind: fc.constant("percent" as const), percent: fc.integer({ min: 0, max: 10000 }).map((p) => p / 100) }),
  fc.record({ kind: fc.constant("points_per_unit" as const), points_per_unit: fc.integer({ min: 0, max: 500 }) }),
  fc.record({ kind: fc.constant("exclude" as const), exclude_earning: fc.constantFrom(undefined, true, false) })
)
const rulesArb = fc
  .array(fc.tuple(targetArb, ruleBodyArb, fc.boolean()), { maxLength: 8 })
  .map((list) =>
    list.map(([target, body, exclude_redemption], i): EarningRule => ({
      id: `rule_${i}`,
      target,
      ...body,
      exclude_redemption: exclude_redemption || (body.kind === "exclude" && body.exclude_earning === false),
    }))
  )
const campaignsArb = fc
  .array(
    fc.oneof(
      fc.record({ kind: fc.constant("extra_percent" as const), value: fc.integer({ min: 1, max: 1000 }).map((v) => v / 100) }),
      fc.record({ kind: fc.constant("multiplier" as const), value: fc.integer({ min: 1, max: 40 }).map((v) => v / 10) })
    ),
    { maxLength: 4 }
  )
  .map((list) => list.map(({ kind, value }, i) => campaign(`camp_${i}`, kind, value)))
const pointValueArb = fc.constantFrom(1, "0.01", "0.1", 2, "0.03")
const percentArb = fc.integer({ min: 0, max: 2000 }).map((p) => p / 100)
const capArb = fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null })

const inputArb: fc.Arbitrary<RuleEarningInput> = fc.record({
  lines: linesArb,
  customer_group_ids: fc.subarray(groups),
  rules: rulesArb,
  earn_percent: percentArb,
  point_value: pointValueArb,
  tier_multiplier: fc.constantFrom(1, 1.1, 1.25, 1.5, 2),
  campaigns: campaignsArb,
  caps: fc.record({ max_points_per_order: capArb, max_balance: capArb }),
  balance: fc.integer({ min: -50_000, max: 200_000 }),
})

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)

describe("earnWithRules properties", () => {
  it("adds the per-line breakdown up to the order's points and base points", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = earnWithRules(input)
        expect(sum(pointsOf(result))).toBe(result.points)
        expect(sum(result.lines.map((line) => line.base_points))).toBe(result.base_points)
        for (const line of result.lines) {
          expect(line.points).toBeGreaterThanOrEqual(0)
          if (line.earning === "excluded") {
            expect(line.points).toBe(0)
            expect(line.base_points).toBe(0)
          }
        }
      })
    )
  })

  it("equals earnPoints of the lines' amount when there are no rules, campaigns, tier or caps", () => {
    fc.assert(
      fc.property(linesArb, percentArb, pointValueArb, (orderLines, earn_percent, point_value) => {
        const result = earnWithRules({ lines: orderLines, customer_group_ids: [], rules: [], earn_percent, point_value })
        const eligible = MathBN.sum(0, ...orderLines.map((line) => line.amount))
        const expected = earnPoints({ eligibleAmount: eligible, earnPercent: earn_percent, pointValue: point_value })
        expect(result.points).toBe(expected)
        expect(result.base_points).toBe(expected)
        expect(result.eligible_amount.numeric).toBeCloseTo(eligible.toNumber(), 6)
      })
    )
  })

  it("does not depend on the order of the campaigns or the rules", () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), fc.nat(), (input, campaignSeed, ruleSeed) => {
        const rotate = <T>(list: T[], by: number) => (list.length ? [...list.slice(by % list.length), ...list.slice(0, by % list.length)] : list)
        const shuffled = {
          ...input,
          campaigns: rotate(input.campaigns ?? [], campaignSeed).reverse(),
          rules: rotate(input.rules, ruleSeed).reverse(),
        }
        const a = earnWithRules(input)
        const b = earnWithRules(shuffled)
        expect(b.points).toBe(a.points)
        expect(pointsOf(b)).toEqual(pointsOf(a))
        expect(b.lines.map((line) => line.rule_id)).toEqual(a.lines.map((line) => line.rule_id))
        expect(b.campaign_extra_percent).toBe(a.campaign_extra_percent)
        expect(b.campaign_multiplier).toBe(a.campaign_multiplier)
        expect([...b.campaign_ids].sort()).toEqual([...a.campaign_ids].sort())
      })
    )
  })

  it("never credits more than the caps allow, and caps only when a limit is passed", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { points, uncapped_points, capped_by } = earnWithRules(input)
        const { max_points_per_order, max_balance } = input.caps ?? {}
        const balance = input.balance ?? 0
        expect(points).toBeGreaterThanOrEqual(0)
        expect(points).toBeLessThanOrEqual(uncapped_points)
        if (max_points_per_order != null) {
          expect(points).toBeLessThanOrEqual(max_points_per_order)
        }
        if (max_balance != null) {
          expect(points <= Math.max(max_balance - balance, 0)).toBe(true)
        }
        expect(capped_by === null).toBe(points === uncapped_points)
      })
    )
  })

  it("never earns less with a tier multiplier and campaigns of at least 1 than without them", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        fc.pre((input.campaigns ?? []).every((c) => c.kind === "extra_percent" || Number(c.multiplier) >= 1))
        const result = earnWithRules({ ...input, caps: {} })
        expect(result.uncapped_points).toBeGreaterThanOrEqual(result.base_points)
      })
    )
  })
})
