import { MathBN } from "@medusajs/framework/utils"
import type { CampaignLike, EarningRule, TierLike } from "../../../lib/rules"

/**
 * The program's configuration records (tiers, campaigns, earning rules) as
 * the APIs show them and as the rule code reads them. Stored rows carry
 * bigNumber columns (a number plus its raw_ twin); views carry plain numbers.
 */
export type RecordKind = "tier" | "campaign" | "rule"

export type TierView = { id: string; name: string; min_points: number; multiplier: number }

export type CampaignView = {
  id: string
  name: string
  starts_at: Date
  ends_at: Date | null
  customer_group_ids: string[]
  kind: "extra_percent" | "multiplier"
  extra_percent: number | null
  multiplier: number | null
}

export type RuleTargetType = EarningRule["target"]["type"]

export type RuleView = {
  id: string
  name: string | null
  target_type: RuleTargetType
  target_id: string
  kind: EarningRule["kind"]
  percent: number | null
  points_per_unit: number | null
  exclude_earning: boolean | null
  exclude_redemption: boolean | null
}

export type RecordView = { tier: TierView; campaign: CampaignView; rule: RuleView }

const number = (value: unknown) => (value === null || value === undefined ? null : MathBN.convert(value as any).toNumber())

export function tierView(row: Record<string, any>): TierView {
  return { id: row.id, name: row.name, min_points: Number(row.min_points), multiplier: number(row.multiplier)! }
}

export function campaignView(row: Record<string, any>): CampaignView {
  return {
    id: row.id,
    name: row.name,
    starts_at: new Date(row.starts_at),
    ends_at: row.ends_at ? new Date(row.ends_at) : null,
    customer_group_ids: row.customer_group_ids ?? [],
    kind: row.kind,
    extra_percent: number(row.extra_percent),
    multiplier: number(row.multiplier),
  }
}

export function ruleView(row: Record<string, any>): RuleView {
  return {
    id: row.id,
    name: row.name ?? null,
    target_type: row.target_type,
    target_id: row.target_id,
    kind: row.kind,
    percent: number(row.percent),
    points_per_unit: row.points_per_unit ?? null,
    exclude_earning: row.exclude_earning ?? null,
    exclude_redemption: row.exclude_redemption ?? null,
  }
}

export const RECORD_VIEWS: { [K in RecordKind]: (row: Record<string, any>) => RecordView[K] } = {
  tier: tierView,
  campaign: campaignView,
  rule: ruleView,
}

/** A rule as src/lib/rules reads it. */
export function earningRuleOf(rule: RuleView): EarningRule {
  return {
    id: rule.id,
    target: { type: rule.target_type, id: rule.target_id },
    kind: rule.kind,
    percent: rule.percent,
    points_per_unit: rule.points_per_unit,
    exclude_earning: rule.exclude_earning,
    exclude_redemption: rule.exclude_redemption,
  }
}

export const tierLikeOf = (tier: TierView): TierLike => tier
export const campaignLikeOf = (campaign: CampaignView): CampaignLike => campaign
