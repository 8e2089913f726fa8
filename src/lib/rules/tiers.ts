import type { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"

/** How far back the points that set a shopper's tier reach, unless the program says otherwise. */
export const DEFAULT_TIER_WINDOW_DAYS = 365

const DAY = 24 * 60 * 60 * 1000

/** A level of the program: reached with `min_points` earned from orders in the window. */
export type TierLike = {
  id?: string
  name: string
  min_points: number
  /** Earn multiplier, e.g. 1.5 for half as many points again. */
  multiplier: BigNumberInput
}

export type TierChoice<T extends TierLike> = {
  /** The highest tier reached; null when even the lowest needs more points. */
  tier: T | null
  /** The tier after it; null at the top. */
  next_tier: T | null
  /** What is missing to reach `next_tier`; null at the top. */
  points_to_next: number | null
}

/**
 * The shopper's tier for the points earned from orders in the window: the
 * tier with the highest `min_points` not above them. Returns can take the
 * window's points below 0; that counts as 0.
 */
export function chooseTier<T extends TierLike>(tiers: T[], pointsInWindow: number): TierChoice<T> {
  const points = Math.max(pointsInWindow, 0)
  let tier: T | null = null
  let next_tier: T | null = null
  for (const candidate of sortTiers(tiers)) {
    if (candidate.min_points <= points) {
      tier = candidate
    } else {
      next_tier = candidate
      break
    }
  }
  return { tier, next_tier, points_to_next: next_tier ? next_tier.min_points - points : null }
}

/** Tiers from the lowest threshold up; equal thresholds (refused by validation) fall back to id, then name. */
export function sortTiers<T extends TierLike>(tiers: T[]): T[] {
  return [...tiers].sort(
    (a, b) =>
      a.min_points - b.min_points || compare(a.id ?? "", b.id ?? "") || compare(a.name, b.name)
  )
}

/** The start of the rolling window whose order points set the tier at `now`. */
export function tierWindowStart(now: Date, tierWindowDays: number = DEFAULT_TIER_WINDOW_DAYS): Date {
  return new Date(now.getTime() - tierWindowDays * DAY)
}

/**
 * Why `tier` cannot join `others` (the program's other tiers, without the one
 * being edited), naming the field; null when it can. Two tiers on one
 * threshold would make the tier a shopper gets depend on sort order.
 */
export function tierError(tier: TierLike, others: TierLike[] = []): string | null {
  if (!tier.name?.trim()) {
    return "name: a tier needs a name"
  }
  if (!Number.isSafeInteger(tier.min_points) || tier.min_points < 0) {
    return `min_points: must be a whole number of points, 0 or more, got ${tier.min_points}`
  }
  const multiplier = MathBN.convert(tier.multiplier)
  if (!multiplier.isFinite() || !multiplier.gt(0)) {
    return `multiplier: must be a positive number, got ${String(tier.multiplier)}`
  }
  const sameThreshold = others.find((other) => other.min_points === tier.min_points)
  if (sameThreshold) {
    return `min_points: ${tier.min_points} is already the threshold of tier "${sameThreshold.name}"`
  }
  const sameName = others.find((other) => namesMatch(other.name, tier.name))
  if (sameName) {
    return `name: there is already a tier named "${sameName.name}"`
  }
  return null
}

/** The first problem in a whole list of tiers, as `tiers[i].<field>: …`; null when there is none. */
export function tiersError(tiers: TierLike[]): string | null {
  for (let i = 0; i < tiers.length; i++) {
    const error = tierError(tiers[i], tiers.slice(0, i))
    if (error) {
      return `tiers[${i}].${error}`
    }
  }
  return null
}

function namesMatch(a: string, b: string) {
  return a.trim().toLowerCase() === b.trim().toLowerCase()
}

function compare(a: string, b: string) {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * What the account shows: the tier the shopper holds (the stored one, which
 * earning uses), the tier above it and the points still missing to reach it.
 */
export function tierStanding<T extends TierLike & { id: string }>(
  tiers: T[],
  tierId: string | null | undefined,
  pointsInWindow: number
): { tier: T | null; next_tier: T | null; points_to_next_tier: number | null } {
  const tier = tiers.find((candidate) => candidate.id === tierId) ?? null
  const next_tier = sortTiers(tiers).find((candidate) => candidate.min_points > (tier?.min_points ?? -1)) ?? null
  return {
    tier,
    next_tier,
    points_to_next_tier: next_tier ? Math.max(next_tier.min_points - Math.max(pointsInWindow, 0), 0) : null,
  }
}
