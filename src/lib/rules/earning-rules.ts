import type { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"
import { Decimal, toDecimal } from "../decimal"
import { MAX_POINTS } from "../points"

export type RuleTargetType = "product" | "category" | "collection" | "customer_group"

/**
 * Which rule earns a line, most specific first: a rule on the product beats
 * one on any of its categories, which beats one on its collection, which
 * beats one on the customer's group; the program's earn_percent applies when
 * no rule matches. A merchant names the narrower target on purpose, so it
 * wins whether it earns more, less or nothing.
 */
export const RULE_PRECEDENCE: readonly RuleTargetType[] = ["product", "category", "collection", "customer_group"]

/** An override of the program's earning for a product, category, collection or customer group. */
export type EarningRule = {
  id: string
  target: { type: RuleTargetType; id: string }
  kind: "percent" | "points_per_unit" | "exclude"
  /** For `percent`: earn this percent of the line's amount instead of earn_percent. */
  percent?: BigNumberInput | null
  /** For `points_per_unit`: this many points for each unit, whatever its price. */
  points_per_unit?: number | null
  /** For `exclude`: the line earns nothing; true unless set to false. */
  exclude_earning?: boolean | null
  /** Any kind: points may not pay for the line. */
  exclude_redemption?: boolean | null
}

/** An order line as the rules see it. */
export type RuleLine = {
  id: string
  product_id?: string | null
  collection_id?: string | null
  /** The product's categories; include their parents for rules on a parent category to reach it. */
  category_ids?: string[] | null
  quantity: BigNumberInput
  /** The money the line earns on (after discounts; tax as the program says). */
  amount: BigNumberInput
}

export type RuleSource = RuleTargetType | "default"

/** How one line earns, and whether points may pay for it. */
export type LineRuleDecision = {
  /** The rule that sets the line's earning; null for the program's earn_percent. */
  rule: EarningRule | null
  source: RuleSource
  earning: "percent" | "points_per_unit" | "excluded"
  percent: Decimal | null
  points_per_unit: number | null
  /** The rules that exclude the line from redemption, by id. */
  redemption_excluded_by: string[]
}

/** Every rule whose target the line (or its customer) falls under. */
export function matchingRules(line: RuleLine, customerGroupIds: string[], rules: EarningRule[]): EarningRule[] {
  return rules.filter(({ target }) => {
    switch (target.type) {
      case "product":
        return !!line.product_id && line.product_id === target.id
      case "category":
        return (line.category_ids ?? []).includes(target.id)
      case "collection":
        return !!line.collection_id && line.collection_id === target.id
      case "customer_group":
        return customerGroupIds.includes(target.id)
      default:
        return false
    }
  })
}

/**
 * The line's earning under the rules (RULE_PRECEDENCE across levels). Several
 * rules on one level (two categories, two groups) are decided by: an exclusion
 * first (a merchant who excluded the item through any of them meant it), then
 * the rule that earns the line the most points, then the smallest id.
 *
 * Redemption has no precedence: only exclusions exist, so any matching rule
 * with exclude_redemption excludes the line, even where a more specific rule
 * sets its earning.
 */
export function decideLineRule(
  line: RuleLine,
  customerGroupIds: string[],
  rules: EarningRule[],
  program: { earn_percent: BigNumberInput; point_value: BigNumberInput }
): LineRuleDecision {
  const matching = matchingRules(line, customerGroupIds, rules)
  const redemption_excluded_by = matching
    .filter((rule) => rule.exclude_redemption === true)
    .map((rule) => rule.id)
    .sort(compareIds)
  const earningRules = matching.filter(setsEarning)

  for (const level of RULE_PRECEDENCE) {
    const candidates = earningRules.filter((rule) => rule.target.type === level)
    if (candidates.length === 0) {
      continue
    }
    const [rule] = candidates.sort(
      (a, b) =>
        Number(b.kind === "exclude") - Number(a.kind === "exclude") ||
        (ruleWeight(b, line, program.point_value).comparedTo(ruleWeight(a, line, program.point_value)) ?? 0) ||
        compareIds(a.id, b.id)
    )
    return { rule, source: level, ...ruleEarning(rule), redemption_excluded_by }
  }
  return {
    rule: null,
    source: "default",
    earning: "percent",
    percent: nonNegative(program.earn_percent, "earn_percent"),
    points_per_unit: null,
    redemption_excluded_by,
  }
}

/**
 * The line's points under a decision before multipliers, as an exact
 * numerator over 100 × point value (so a whole order divides once).
 */
export function lineBaseNumerator(
  decision: Pick<LineRuleDecision, "earning" | "percent" | "points_per_unit">,
  line: RuleLine,
  pointValue: BigNumberInput
): Decimal {
  switch (decision.earning) {
    case "excluded":
      return MathBN.convert(0)
    case "percent":
      return MathBN.mult(lineAmount(line), decision.percent ?? 0)
    case "points_per_unit":
      return MathBN.mult(MathBN.mult(lineQuantity(line), decision.points_per_unit ?? 0), MathBN.mult(pointValue, 100))
  }
}

/** The line's amount, never below 0. */
export function lineAmount(line: RuleLine): Decimal {
  return MathBN.max(toDecimal(line.amount, `amount of line ${line.id}`), 0)
}

function lineQuantity(line: RuleLine): Decimal {
  return MathBN.max(toDecimal(line.quantity, `quantity of line ${line.id}`), 0)
}

/** Why `rule` cannot be saved, naming the field; null when it can. */
export function earningRuleError(rule: EarningRule): string | null {
  if (!RULE_PRECEDENCE.includes(rule.target?.type)) {
    return `target.type: must be one of ${RULE_PRECEDENCE.join(", ")}, got ${String(rule.target?.type)}`
  }
  if (typeof rule.target.id !== "string" || !rule.target.id) {
    return `target.id: the ${rule.target.type} the rule is for is required`
  }
  const set = (value: unknown) => value !== null && value !== undefined
  switch (rule.kind) {
    case "percent": {
      const percent = set(rule.percent) ? MathBN.convert(rule.percent!) : null
      if (!percent || !percent.isFinite() || percent.lt(0) || percent.gt(100)) {
        return `percent: must be a number from 0 to 100, got ${String(rule.percent)}`
      }
      break
    }
    case "points_per_unit": {
      const points = rule.points_per_unit
      if (typeof points !== "number" || !Number.isSafeInteger(points) || points < 0 || points > MAX_POINTS) {
        return `points_per_unit: must be a whole number of points, 0 or more, got ${String(points)}`
      }
      break
    }
    case "exclude":
      if (rule.exclude_earning === false && rule.exclude_redemption !== true) {
        return "exclude_earning: an exclude rule must exclude from earning, redemption or both"
      }
      break
    default:
      return `kind: must be percent, points_per_unit or exclude, got ${String(rule.kind)}`
  }
  if (rule.kind !== "exclude" && rule.exclude_earning === true) {
    return `exclude_earning: a ${rule.kind} rule sets the earning; use an exclude rule to exclude it`
  }
  if (rule.kind !== "percent" && set(rule.percent)) {
    return "percent: only a percent rule has a percent"
  }
  if (rule.kind !== "points_per_unit" && set(rule.points_per_unit)) {
    return "points_per_unit: only a points_per_unit rule has points per unit"
  }
  return null
}

/** Rules that decide earning: all but an exclude rule that only excludes redemption. */
function setsEarning(rule: EarningRule): boolean {
  return rule.kind !== "exclude" || rule.exclude_earning !== false
}

/** What a rule would earn the line, to break a tie on one level. */
function ruleWeight(rule: EarningRule, line: RuleLine, pointValue: BigNumberInput): Decimal {
  return lineBaseNumerator(ruleEarning(rule), line, pointValue)
}

/** A rule's earning; a value left out or below 0 earns nothing rather than failing the order. */
function ruleEarning(rule: EarningRule): Pick<LineRuleDecision, "earning" | "percent" | "points_per_unit"> {
  return {
    earning: rule.kind === "exclude" ? "excluded" : rule.kind,
    percent: rule.kind === "percent" ? nonNegative(rule.percent ?? 0, "percent") : null,
    points_per_unit: rule.kind === "points_per_unit" ? Math.max(rule.points_per_unit ?? 0, 0) : null,
  }
}

function nonNegative(value: BigNumberInput, name: string): Decimal {
  return MathBN.max(toDecimal(value, name), 0)
}

function compareIds(a: string, b: string) {
  return a < b ? -1 : a > b ? 1 : 0
}
