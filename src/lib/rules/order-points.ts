import type { BigNumberInput } from "@medusajs/framework/types"
import { BigNumber, MathBN } from "@medusajs/framework/utils"
import { floorDiv, toDecimal } from "../decimal"
import { splitProportionally } from "../proportion"
import { CampaignLike, combineCampaigns } from "./campaigns"
import { CapLimit, capOrderPoints, PointCaps } from "./caps"
import { decideLineRule, EarningRule, lineAmount, lineBaseNumerator, RuleLine, RuleSource } from "./earning-rules"

export type RuleEarningInput = {
  lines: RuleLine[]
  customer_group_ids: string[]
  rules: EarningRule[]
  earn_percent: BigNumberInput
  /** Money value of one point in the order's currency; a currency without one earns nothing. */
  point_value: BigNumberInput | undefined
  /** The shopper's tier multiplier; 1 without a tier. */
  tier_multiplier?: BigNumberInput | null
  /** The campaigns running when the order was placed (`activeCampaigns`). */
  campaigns?: CampaignLike[]
  caps?: PointCaps
  /** Balance plus pending points before this order, for max_balance. */
  balance?: number
}

/** One line of the breakdown an earn transaction stores. */
export type LineEarning = {
  line_id: string
  /** The rule that set the line's earning; null for the program's earn_percent. */
  rule_id: string | null
  source: RuleSource
  earning: "percent" | "points_per_unit" | "excluded"
  percent: number | null
  points_per_unit: number | null
  /** The line's share of the order's points before tier and campaigns. */
  base_points: number
  /** The line's share of the points credited; the lines add up to the order's points. */
  points: number
  redemption_excluded_by: string[]
}

export type RuleEarning = {
  /** What to credit: after tier, campaigns and caps. */
  points: number
  /** Before caps. */
  uncapped_points: number
  /** Before tier and campaigns. */
  base_points: number
  capped_by: CapLimit | null
  /** The amount of the lines that earn (not excluded). */
  eligible_amount: BigNumber
  tier_multiplier: number
  campaign_ids: string[]
  campaign_extra_percent: number
  campaign_multiplier: number
  lines: LineEarning[]
}

/**
 * An order's points under the program's rules. Each line earns by its rule
 * (`decideLineRule`), plus the campaigns' extra percent of its amount unless it
 * is excluded; the tier multiplier and the campaigns' multiplier then scale
 * the whole: points = floor(Σ (base + extra) × tier × campaigns), rounded down
 * once for the order so lines lose no fractions (with no rules this is
 * `earnPoints` of the lines' amount). Caps come last. The per-line points split the order's
 * points by each line's exact share, so the breakdown adds up.
 */
export function earnWithRules(input: RuleEarningInput): RuleEarning {
  const pointValue = input.point_value === undefined ? null : toDecimal(input.point_value, "point_value")
  const earns = pointValue !== null && pointValue.gt(0)
  // Without a point value nothing is earned; 1 still lets ties between rules be decided.
  const value = earns ? pointValue : MathBN.convert(1)
  const program = { earn_percent: input.earn_percent, point_value: value }
  const campaign = combineCampaigns(input.campaigns ?? [])
  const tierMultiplier = MathBN.max(toDecimal(input.tier_multiplier ?? 1, "tier_multiplier"), 0)
  const multiplier = MathBN.mult(tierMultiplier, campaign.multiplier)

  const decisions = input.lines.map((line) => decideLineRule(line, input.customer_group_ids, input.rules, program))
  const baseNumerators = input.lines.map((line, i) => lineBaseNumerator(decisions[i], line, value))
  const numerators = input.lines.map((line, i) => {
    if (decisions[i].earning === "excluded") {
      return MathBN.convert(0)
    }
    const extra = MathBN.mult(lineAmount(line), campaign.extra_percent)
    return MathBN.mult(MathBN.add(baseNumerators[i], extra), multiplier)
  })

  const denominator = MathBN.mult(value, 100)
  const base_points = earns ? floorDiv(MathBN.sum(0, ...baseNumerators), denominator) : 0
  const uncapped_points = earns ? floorDiv(MathBN.sum(0, ...numerators), denominator) : 0
  const { points, capped_by } = capOrderPoints(uncapped_points, input.caps ?? {}, input.balance ?? 0)

  const baseShares = splitProportionally(base_points, baseNumerators)
  const shares = splitProportionally(points, numerators)
  const eligible = input.lines.filter((_, i) => decisions[i].earning !== "excluded").map(lineAmount)

  return {
    points,
    uncapped_points,
    base_points,
    capped_by,
    eligible_amount: new BigNumber(MathBN.sum(0, ...eligible)),
    tier_multiplier: tierMultiplier.toNumber(),
    campaign_ids: campaign.campaign_ids,
    campaign_extra_percent: campaign.extra_percent.toNumber(),
    campaign_multiplier: campaign.multiplier.toNumber(),
    lines: input.lines.map((line, i) => ({
      line_id: line.id,
      rule_id: decisions[i].rule?.id ?? null,
      source: decisions[i].source,
      earning: decisions[i].earning,
      percent: decisions[i].percent?.toNumber() ?? null,
      points_per_unit: decisions[i].points_per_unit,
      base_points: baseShares[i],
      points: shares[i],
      redemption_excluded_by: decisions[i].redemption_excluded_by,
    })),
  }
}
