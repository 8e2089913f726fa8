import { MathBN } from "@medusajs/framework/utils"
import { MAX_POINTS } from "../points"
import {
  decideLineRule,
  EarningRule,
  earningRuleError,
  lineAmount,
  lineBaseNumerator,
  matchingRules,
  RULE_PRECEDENCE,
  RuleLine,
  RuleTargetType,
} from "../rules/earning-rules"

const program = { earn_percent: 5, point_value: 1 }

// 2 shirts for 4000 in all, in two categories (a child and its parent) and a collection.
const shirt: RuleLine = {
  id: "line_shirt",
  product_id: "prod_shirt",
  collection_id: "pcol_summer",
  category_ids: ["pcat_tops", "pcat_clothing"],
  quantity: 2,
  amount: 4000,
}
const vip = ["cusgrp_vip"]

const target = (type: RuleTargetType, id: string) => ({ type, id })
const percentRule = (id: string, type: RuleTargetType, targetId: string, percent: number, extra: Partial<EarningRule> = {}): EarningRule => ({
  id,
  target: target(type, targetId),
  kind: "percent",
  percent,
  ...extra,
})
const perUnitRule = (id: string, type: RuleTargetType, targetId: string, points: number, extra: Partial<EarningRule> = {}): EarningRule => ({
  id,
  target: target(type, targetId),
  kind: "points_per_unit",
  points_per_unit: points,
  ...extra,
})
const excludeRule = (id: string, type: RuleTargetType, targetId: string, extra: Partial<EarningRule> = {}): EarningRule => ({
  id,
  target: target(type, targetId),
  kind: "exclude",
  ...extra,
})

describe("RULE_PRECEDENCE", () => {
  it("puts the product first, then category, collection and customer group", () => {
    expect(RULE_PRECEDENCE).toEqual(["product", "category", "collection", "customer_group"])
  })
})

describe("matchingRules", () => {
  it("matches a rule on the line's product, any of its categories, its collection or the customer's group", () => {
    const rules = [
      percentRule("r_product", "product", "prod_shirt", 1),
      percentRule("r_parent_category", "category", "pcat_clothing", 2),
      percentRule("r_collection", "collection", "pcol_summer", 3),
      percentRule("r_group", "customer_group", "cusgrp_vip", 4),
      percentRule("r_other_product", "product", "prod_mug", 5),
      percentRule("r_other_category", "category", "pcat_kitchen", 6),
      percentRule("r_other_collection", "collection", "pcol_winter", 7),
      percentRule("r_other_group", "customer_group", "cusgrp_staff", 8),
    ]
    expect(matchingRules(shirt, vip, rules).map((rule) => rule.id)).toEqual([
      "r_product",
      "r_parent_category",
      "r_collection",
      "r_group",
    ])
  })

  it("matches no product or collection rule for a line without a product or collection", () => {
    const custom: RuleLine = { id: "line_custom", product_id: null, collection_id: null, category_ids: null, quantity: 1, amount: 100 }
    const rules = [
      percentRule("r_product", "product", "", 1),
      percentRule("r_collection", "collection", "", 2),
      percentRule("r_category", "category", "pcat_tops", 3),
    ]
    expect(matchingRules(custom, [], rules)).toEqual([])
  })

  it("matches a customer group rule only for a customer in that group", () => {
    const rules = [percentRule("r_group", "customer_group", "cusgrp_vip", 4)]
    expect(matchingRules(shirt, [], rules)).toEqual([])
    expect(matchingRules(shirt, ["cusgrp_staff", "cusgrp_vip"], rules)).toHaveLength(1)
  })
})

describe("decideLineRule", () => {
  it("earns the program's earn_percent when no rule matches", () => {
    expect(decideLineRule(shirt, [], [percentRule("r_mug", "product", "prod_mug", 50)], program)).toEqual({
      rule: null,
      source: "default",
      earning: "percent",
      percent: MathBN.convert(5),
      points_per_unit: null,
      redemption_excluded_by: [],
    })
  })

  it.each([
    ["product", "prod_shirt"],
    ["category", "pcat_tops"],
    ["collection", "pcol_summer"],
    ["customer_group", "cusgrp_vip"],
  ] as const)("lets a percent rule on the line's %s set its percent", (type, targetId) => {
    const rule = percentRule("r_1", type, targetId, 12.5)
    const decision = decideLineRule(shirt, vip, [rule], program)
    expect(decision.rule).toBe(rule)
    expect(decision.source).toBe(type)
    expect(decision.earning).toBe("percent")
    expect(decision.percent?.toString()).toBe("12.5")
    expect(decision.points_per_unit).toBeNull()
  })

  it.each([
    ["product", "prod_shirt"],
    ["category", "pcat_clothing"],
    ["collection", "pcol_summer"],
    ["customer_group", "cusgrp_vip"],
  ] as const)("lets a points_per_unit rule on the line's %s set points per unit", (type, targetId) => {
    const decision = decideLineRule(shirt, vip, [perUnitRule("r_1", type, targetId, 30)], program)
    expect(decision).toMatchObject({ source: type, earning: "points_per_unit", percent: null, points_per_unit: 30 })
  })

  it.each([
    ["product", "prod_shirt"],
    ["category", "pcat_tops"],
    ["collection", "pcol_summer"],
    ["customer_group", "cusgrp_vip"],
  ] as const)("lets an exclude rule on the line's %s exclude it from earning", (type, targetId) => {
    const decision = decideLineRule(shirt, vip, [excludeRule("r_1", type, targetId)], program)
    expect(decision).toMatchObject({ source: type, earning: "excluded", percent: null, points_per_unit: null })
    expect(decision.redemption_excluded_by).toEqual([])
  })

  describe("precedence across levels", () => {
    const all = [
      percentRule("r_group", "customer_group", "cusgrp_vip", 40),
      percentRule("r_collection", "collection", "pcol_summer", 30),
      percentRule("r_category", "category", "pcat_tops", 20),
      percentRule("r_product", "product", "prod_shirt", 10),
    ]
    const without = (...ids: string[]) => all.filter((rule) => !ids.includes(rule.id))

    it.each([
      [[], "r_product", "product"],
      [["r_product"], "r_category", "category"],
      [["r_product", "r_category"], "r_collection", "collection"],
      [["r_product", "r_category", "r_collection"], "r_group", "customer_group"],
      [["r_product", "r_category", "r_collection", "r_group"], null, "default"],
    ])("with %j left out, %s decides the line", (left, ruleId, source) => {
      const decision = decideLineRule(shirt, vip, without(...left), program)
      expect(decision.rule?.id ?? null).toBe(ruleId)
      expect(decision.source).toBe(source)
    })

    it("lets the narrower rule win even when it earns less than a broader one", () => {
      const rules = [percentRule("r_group", "customer_group", "cusgrp_vip", 20), percentRule("r_product", "product", "prod_shirt", 1)]
      expect(decideLineRule(shirt, vip, rules, program)).toMatchObject({ source: "product", percent: MathBN.convert(1) })
    })

    it("lets a product exclusion beat a category rule that earns", () => {
      const rules = [perUnitRule("r_category", "category", "pcat_tops", 100), excludeRule("r_product", "product", "prod_shirt")]
      expect(decideLineRule(shirt, vip, rules, program)).toMatchObject({ rule: { id: "r_product" }, earning: "excluded" })
    })

    it("lets a product rule that earns beat an exclusion of its category", () => {
      const rules = [excludeRule("r_category", "category", "pcat_tops"), percentRule("r_product", "product", "prod_shirt", 3)]
      expect(decideLineRule(shirt, vip, rules, program)).toMatchObject({ rule: { id: "r_product" }, earning: "percent" })
    })

    it("lets a collection rule beat a customer group rule", () => {
      const rules = [excludeRule("r_group", "customer_group", "cusgrp_vip"), perUnitRule("r_collection", "collection", "pcol_summer", 7)]
      expect(decideLineRule(shirt, vip, rules, program)).toMatchObject({ source: "collection", points_per_unit: 7 })
    })
  })

  describe("ties on one level", () => {
    it("takes an exclusion first, even against a rule that earns more", () => {
      const rules = [percentRule("r_a", "category", "pcat_tops", 50), excludeRule("r_b", "category", "pcat_clothing")]
      expect(decideLineRule(shirt, vip, rules, program)).toMatchObject({ rule: { id: "r_b" }, earning: "excluded" })
    })

    it("takes the rule that earns the line the most points next", () => {
      // 10 % of 4000 at a point worth 1 is 400 points; 100 points × 2 units is 200.
      const rules = [perUnitRule("r_a", "category", "pcat_tops", 100), percentRule("r_b", "category", "pcat_clothing", 10)]
      expect(decideLineRule(shirt, vip, rules, program).rule?.id).toBe("r_b")
    })

    it("weighs a percent against points per unit at the currency's point value", () => {
      // At a point worth 4, 10 % of 4000 is 100 points: now 200 points per unit earn more.
      const rules = [perUnitRule("r_a", "category", "pcat_tops", 100), percentRule("r_b", "category", "pcat_clothing", 10)]
      expect(decideLineRule(shirt, vip, rules, { ...program, point_value: 4 }).rule?.id).toBe("r_a")
    })

    it("takes the larger of two customer group percents", () => {
      const rules = [percentRule("r_a", "customer_group", "cusgrp_vip", 7), percentRule("r_b", "customer_group", "cusgrp_staff", 9)]
      expect(decideLineRule(shirt, ["cusgrp_vip", "cusgrp_staff"], rules, program).rule?.id).toBe("r_b")
    })

    it("takes the smallest id when the rules earn the same", () => {
      // 5 % of 4000 = 200 points = 100 points × 2 units.
      const rules = [
        percentRule("r_c", "category", "pcat_tops", 5),
        perUnitRule("r_a", "category", "pcat_clothing", 100),
        percentRule("r_b", "category", "pcat_clothing", 5),
      ]
      expect(decideLineRule(shirt, vip, rules, program).rule?.id).toBe("r_a")
    })

    it("takes the smallest id of two exclusions", () => {
      const rules = [excludeRule("r_z", "category", "pcat_tops"), excludeRule("r_y", "category", "pcat_clothing")]
      expect(decideLineRule(shirt, vip, rules, program).rule?.id).toBe("r_y")
    })

    it("does not depend on the order the rules come in", () => {
      const rules = [
        percentRule("r_c", "category", "pcat_tops", 5),
        perUnitRule("r_a", "category", "pcat_clothing", 100),
        percentRule("r_b", "category", "pcat_clothing", 5),
      ]
      expect(decideLineRule(shirt, vip, [...rules].reverse(), program).rule?.id).toBe("r_a")
      expect(rules.map((rule) => rule.id)).toEqual(["r_c", "r_a", "r_b"])
    })
  })

  describe("redemption exclusions", () => {
    it("excludes from redemption only, and keeps earning, with exclude_earning false", () => {
      const rule = excludeRule("r_1", "product", "prod_shirt", { exclude_earning: false, exclude_redemption: true })
      expect(decideLineRule(shirt, vip, [rule], program)).toMatchObject({
        rule: null,
        source: "default",
        earning: "percent",
        redemption_excluded_by: ["r_1"],
      })
    })

    it("excludes from earning only when exclude_redemption is not set", () => {
      const decision = decideLineRule(shirt, vip, [excludeRule("r_1", "product", "prod_shirt", { exclude_earning: true })], program)
      expect(decision).toMatchObject({ earning: "excluded", redemption_excluded_by: [] })
    })

    it("excludes from both with exclude_earning and exclude_redemption", () => {
      const rule = excludeRule("r_1", "collection", "pcol_summer", { exclude_redemption: true })
      expect(decideLineRule(shirt, vip, [rule], program)).toMatchObject({ earning: "excluded", redemption_excluded_by: ["r_1"] })
    })

    it("lets a percent or points_per_unit rule also exclude the line from redemption", () => {
      const percent = percentRule("r_1", "product", "prod_shirt", 8, { exclude_redemption: true })
      expect(decideLineRule(shirt, vip, [percent], program)).toMatchObject({ earning: "percent", redemption_excluded_by: ["r_1"] })
      const perUnit = perUnitRule("r_2", "product", "prod_shirt", 8, { exclude_redemption: true })
      expect(decideLineRule(shirt, vip, [perUnit], program)).toMatchObject({ earning: "points_per_unit", redemption_excluded_by: ["r_2"] })
    })

    it("collects redemption exclusions from every level, even under a more specific earning rule, sorted by id", () => {
      const rules = [
        perUnitRule("r_group", "customer_group", "cusgrp_vip", 3, { exclude_redemption: true }),
        excludeRule("r_category", "category", "pcat_clothing", { exclude_earning: false, exclude_redemption: true }),
        percentRule("r_product", "product", "prod_shirt", 10),
        excludeRule("r_collection", "collection", "pcol_summer", { exclude_redemption: false }),
      ]
      expect(decideLineRule(shirt, vip, rules, program)).toMatchObject({
        rule: { id: "r_product" },
        earning: "percent",
        redemption_excluded_by: ["r_category", "r_group"],
      })
    })

    it("lets a redemption-only exclusion on the product leave the earning to the category rule", () => {
      const rules = [
        excludeRule("r_product", "product", "prod_shirt", { exclude_earning: false, exclude_redemption: true }),
        perUnitRule("r_category", "category", "pcat_tops", 25),
      ]
      expect(decideLineRule(shirt, vip, rules, program)).toMatchObject({
        rule: { id: "r_category" },
        source: "category",
        points_per_unit: 25,
        redemption_excluded_by: ["r_product"],
      })
    })

    it("ignores redemption exclusions of rules the line does not match", () => {
      const rule = excludeRule("r_mug", "product", "prod_mug", { exclude_redemption: true })
      expect(decideLineRule(shirt, vip, [rule], program).redemption_excluded_by).toEqual([])
    })
  })

  it("earns nothing, rather than failing, by a rule saved without its value or below 0", () => {
    const noPercent = { ...percentRule("r_1", "product", "prod_shirt", 0), percent: null }
    expect(decideLineRule(shirt, vip, [noPercent], program).percent?.toNumber()).toBe(0)
    const negative = perUnitRule("r_2", "product", "prod_shirt", -3)
    expect(decideLineRule(shirt, vip, [negative], program).points_per_unit).toBe(0)
  })

  it("reads a negative earn_percent as 0", () => {
    expect(decideLineRule(shirt, vip, [], { earn_percent: -5, point_value: 1 }).percent?.toNumber()).toBe(0)
  })
})

describe("lineBaseNumerator", () => {
  it("is amount × percent for a percent decision, over 100 × point value", () => {
    const decision = decideLineRule(shirt, vip, [percentRule("r_1", "product", "prod_shirt", 10)], program)
    expect(lineBaseNumerator(decision, shirt, 1).toString()).toBe("40000")
  })

  it("is units × points × point value × 100 for a points_per_unit decision, so it divides to units × points", () => {
    const decision = { earning: "points_per_unit" as const, percent: null, points_per_unit: 30 }
    expect(lineBaseNumerator(decision, shirt, "0.01").toString()).toBe("60")
    expect(lineBaseNumerator(decision, shirt, 2).toString()).toBe("12000")
  })

  it("is 0 for an excluded line", () => {
    expect(lineBaseNumerator({ earning: "excluded", percent: null, points_per_unit: null }, shirt, 1).toNumber()).toBe(0)
  })

  it("keeps cents exact: 5 % of 19.99 is 99.95", () => {
    const line = { ...shirt, amount: "19.99" }
    expect(lineBaseNumerator({ earning: "percent", percent: MathBN.convert(5), points_per_unit: null }, line, 1).toString()).toBe("99.95")
  })

  it("counts a negative amount or quantity as 0", () => {
    const line = { ...shirt, amount: -100, quantity: -2 }
    expect(lineBaseNumerator({ earning: "percent", percent: MathBN.convert(5), points_per_unit: null }, line, 1).toNumber()).toBe(0)
    expect(lineBaseNumerator({ earning: "points_per_unit", percent: null, points_per_unit: 5 }, line, 1).toNumber()).toBe(0)
  })
})

describe("lineAmount", () => {
  it("is the line's amount, never below 0", () => {
    expect(lineAmount(shirt).toNumber()).toBe(4000)
    expect(lineAmount({ ...shirt, amount: -1 }).toNumber()).toBe(0)
  })

  it("refuses NaN, naming the line", () => {
    expect(() => lineAmount({ ...shirt, amount: NaN })).toThrow("amount of line line_shirt")
  })
})

describe("earningRuleError", () => {
  it.each([
    percentRule("r", "product", "prod_1", 0),
    percentRule("r", "category", "pcat_1", 100),
    percentRule("r", "collection", "pcol_1", "7.5" as unknown as number, { exclude_redemption: true }),
    perUnitRule("r", "customer_group", "cusgrp_1", 0),
    perUnitRule("r", "product", "prod_1", MAX_POINTS),
    excludeRule("r", "product", "prod_1"),
    excludeRule("r", "product", "prod_1", { exclude_earning: true, exclude_redemption: true }),
    excludeRule("r", "product", "prod_1", { exclude_earning: false, exclude_redemption: true }),
  ])("accepts %j", (rule) => {
    expect(earningRuleError(rule)).toBeNull()
  })

  it.each([
    ["target.type", { ...percentRule("r", "product", "p", 5), target: { type: "brand" as RuleTargetType, id: "b" } }],
    ["target.type", { ...percentRule("r", "product", "p", 5), target: undefined as unknown as EarningRule["target"] }],
    ["target.id", percentRule("r", "product", "", 5)],
    ["percent", { ...percentRule("r", "product", "p", 5), percent: null }],
    ["percent", percentRule("r", "product", "p", -1)],
    ["percent", percentRule("r", "product", "p", 100.5)],
    ["percent", percentRule("r", "product", "p", "ten" as unknown as number)],
    ["points_per_unit", perUnitRule("r", "product", "p", 1.5)],
    ["points_per_unit", perUnitRule("r", "product", "p", -1)],
    ["points_per_unit", perUnitRule("r", "product", "p", MAX_POINTS + 1)],
    ["points_per_unit", perUnitRule("r", "product", "p", "5" as unknown as number)],
    ["points_per_unit", { ...perUnitRule("r", "product", "p", 5), points_per_unit: null }],
    ["exclude_earning", excludeRule("r", "product", "p", { exclude_earning: false })],
    ["exclude_earning", excludeRule("r", "product", "p", { exclude_earning: false, exclude_redemption: false })],
    ["exclude_earning", percentRule("r", "product", "p", 5, { exclude_earning: true })],
    ["kind", { ...percentRule("r", "product", "p", 5), kind: "double" as EarningRule["kind"] }],
    ["percent", perUnitRule("r", "product", "p", 5, { percent: 5 })],
    ["percent", excludeRule("r", "product", "p", { percent: 0 })],
    ["points_per_unit", percentRule("r", "product", "p", 5, { points_per_unit: 5 })],
    ["points_per_unit", excludeRule("r", "product", "p", { points_per_unit: 0 })],
  ])("names %s for %j", (field, rule) => {
    expect(earningRuleError(rule)).toMatch(new RegExp(`^${field.replace(".", "\\.")}: `))
  })

  it("says what it got", () => {
    expect(earningRuleError(percentRule("r", "product", "p", 150))).toBe("percent: must be a number from 0 to 100, got 150")
    expect(earningRuleError({ ...percentRule("r", "product", "p", 5), target: { type: "brand" as RuleTargetType, id: "b" } })).toBe(
      "target.type: must be one of product, category, collection, customer_group, got brand"
    )
  })
})
