import type { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"
import { Decimal, toDecimal } from "../decimal"

/** A promotion of the program over a time window, for everyone or for some customer groups. */
export type CampaignLike = {
  id: string
  name?: string
  starts_at: Date
  /** Exclusive; null for a campaign with no planned end. */
  ends_at: Date | null
  /** Empty or null: every customer. */
  customer_group_ids?: string[] | null
  kind: "extra_percent" | "multiplier"
  /** Percentage points of the eligible amount on top of the line's earning (2 = 2 % more of the amount). */
  extra_percent?: BigNumberInput | null
  /** Factor on the order's points (2 = double points). */
  multiplier?: BigNumberInput | null
}

/** What the campaigns running for one order do to its earning, together. */
export type CampaignEffect = {
  extra_percent: Decimal
  multiplier: Decimal
  campaign_ids: string[]
}

/** Whether `campaign` runs at `at` (starts_at ≤ at < ends_at) for a customer in `customerGroupIds`. */
export function isCampaignActive(campaign: CampaignLike, at: Date, customerGroupIds: string[] = []): boolean {
  const time = at.getTime()
  if (time < campaign.starts_at.getTime()) {
    return false
  }
  if (campaign.ends_at && time >= campaign.ends_at.getTime()) {
    return false
  }
  const groups = campaign.customer_group_ids ?? []
  return groups.length === 0 || groups.some((id) => customerGroupIds.includes(id))
}

/** The campaigns running at `at` for a customer in `customerGroupIds`, by id. */
export function activeCampaigns<T extends CampaignLike>(
  campaigns: T[],
  at: Date,
  customerGroupIds: string[] = []
): T[] {
  return campaigns
    .filter((campaign) => isCampaignActive(campaign, at, customerGroupIds))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/**
 * Campaigns that overlap all apply. Extra percents add up (+2 % and +3 % give
 * +5 % of the amount) and multipliers multiply (×2 and ×1.5 give ×3), so the
 * order in which they run never changes the result.
 */
export function combineCampaigns(campaigns: CampaignLike[]): CampaignEffect {
  let extra_percent = MathBN.convert(0)
  let multiplier = MathBN.convert(1)
  for (const campaign of campaigns) {
    if (campaign.kind === "extra_percent") {
      extra_percent = MathBN.add(extra_percent, positive(campaign.extra_percent, "extra_percent"))
    } else {
      multiplier = MathBN.mult(multiplier, positive(campaign.multiplier, "multiplier"))
    }
  }
  return { extra_percent, multiplier, campaign_ids: campaigns.map((campaign) => campaign.id) }
}

/** Why `campaign` cannot be saved, naming the field; null when it can. */
export function campaignError(campaign: CampaignLike): string | null {
  for (const field of ["starts_at", "ends_at"] as const) {
    const date = campaign[field]
    // Only the end may be open (null); a campaign without a start has no window.
    if ((date !== null || field === "starts_at") && (!(date instanceof Date) || Number.isNaN(date.getTime()))) {
      return `${field}: not a valid date`
    }
  }
  if (campaign.ends_at && campaign.ends_at.getTime() <= campaign.starts_at.getTime()) {
    return "ends_at: the campaign ends before it starts"
  }
  if (campaign.kind !== "extra_percent" && campaign.kind !== "multiplier") {
    return `kind: must be "extra_percent" or "multiplier", got ${String(campaign.kind)}`
  }
  const [field, other] =
    campaign.kind === "extra_percent"
      ? (["extra_percent", "multiplier"] as const)
      : (["multiplier", "extra_percent"] as const)
  if (campaign[other] !== undefined && campaign[other] !== null) {
    return `${other}: a campaign gives either an extra percent or a multiplier, not both`
  }
  const value = campaign[field]
  const decimal = value === undefined || value === null ? null : MathBN.convert(value)
  if (!decimal || !decimal.isFinite() || !decimal.gt(0)) {
    return `${field}: must be a positive number, got ${String(value)}`
  }
  if (field === "extra_percent" && decimal.gt(100)) {
    return `extra_percent: must be at most 100, got ${decimal.toString(10)}`
  }
  if ((campaign.customer_group_ids ?? []).some((id) => typeof id !== "string" || !id)) {
    return "customer_group_ids: every entry must be a customer group id"
  }
  return null
}

function positive(value: BigNumberInput | null | undefined, name: string): Decimal {
  // A campaign saved without its value adds nothing rather than failing the order.
  if (value === undefined || value === null) {
    return MathBN.convert(name === "multiplier" ? 1 : 0)
  }
  const decimal = toDecimal(value, name)
  if (decimal.lt(0)) {
    throw new RangeError(`${name} must not be negative, got ${decimal.toString(10)}`)
  }
  return decimal
}
