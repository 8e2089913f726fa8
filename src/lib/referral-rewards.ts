import type { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"
import type { ReferralSettings } from "../modules/loyalty/program-settings"
import { earnPoints } from "./points"
import { localDate } from "./rules/birthday"

const DAY = 24 * 60 * 60 * 1000

/** The store's calendar month of `at`, "2026-12": what the monthly cap counts by. */
export function rewardMonth(at: Date, timeZone: string): string {
  const { year, month } = localDate(at, timeZone)
  return `${year}-${String(month).padStart(2, "0")}`
}

/** A referee's order as the referral rewards see it. */
export type ReferralOrder = {
  currency_code: string
  /** Items after every discount (coupons and points included), tax and shipping excluded, after returns. */
  basis: BigNumberInput
  placed_at: Date
  /** Whether it is the referee's first order (drafts aside). */
  first_order: boolean
  canceled: boolean
}

/**
 * How one party's reward for an order was worked out, kept on their ledger
 * row, so a return recomputes it under the terms it was credited with.
 */
export type ReferralRewardTerms = {
  fixed: number
  percent: number
  point_value: number | null
  /** The order's minimum in its currency then; null: none. */
  minimum: number | null
  basis: string
}

export type ReferralRewardPlan = {
  /** Why the order pays no referral reward; null when it pays one. */
  declined: "disabled" | "canceled" | "not_first_order" | "window_over" | "below_minimum" | null
  referrer: { points: number; terms: ReferralRewardTerms }
  referee: { points: number; terms: ReferralRewardTerms }
}

/**
 * What a referee's order pays under the program's `referrals` setting: the
 * referrer's fixed points and percent of the order, on the first order only
 * (`every_order_days` 0) or on every order placed within that many days of
 * the binding; the referee's points on their first order. An order pays only
 * when its basis (what was paid in money for the items) reaches the
 * currency's `min_order_amount` (no entry: no minimum); the minimum holds for
 * both parties. A currency without a point value earns the fixed points but
 * no percent.
 */
export function planReferralReward(
  settings: ReferralSettings,
  order: ReferralOrder,
  boundAt: Date,
  pointValue: BigNumberInput | null
): ReferralRewardPlan {
  const minimum = settings.min_order_amount[order.currency_code.toLowerCase()] ?? null
  const terms = (fixed: number, percent: number): ReferralRewardTerms => ({
    fixed,
    percent,
    point_value: pointValue === null ? null : Number(pointValue),
    minimum,
    basis: MathBN.convert(order.basis).toString(10),
  })
  const referrerTerms = terms(settings.referrer_points, settings.referrer_percent)
  const refereeTerms = terms(order.first_order ? settings.referee_points : 0, 0)
  const none = (declined: NonNullable<ReferralRewardPlan["declined"]>): ReferralRewardPlan => ({
    declined,
    referrer: { points: 0, terms: referrerTerms },
    referee: { points: 0, terms: refereeTerms },
  })
  if (!settings.enabled) {
    return none("disabled")
  }
  if (order.canceled) {
    return none("canceled")
  }
  if (settings.every_order_days === 0 && !order.first_order) {
    return none("not_first_order")
  }
  if (settings.every_order_days > 0 && order.placed_at.getTime() > boundAt.getTime() + settings.every_order_days * DAY) {
    return none("window_over")
  }
  if (!reachesMinimum(minimum, order.basis)) {
    return none("below_minimum")
  }
  return {
    declined: null,
    referrer: { points: pointsUnder(referrerTerms, order.basis), terms: referrerTerms },
    referee: { points: refereeTerms.fixed, terms: refereeTerms },
  }
}

function reachesMinimum(minimum: number | null, basis: BigNumberInput) {
  return MathBN.gt(basis, 0) && (minimum === null || MathBN.gte(basis, minimum))
}

/** A party's points for an order basis under the terms their row recorded: the fixed points and the percent. */
function pointsUnder(terms: ReferralRewardTerms, basis: BigNumberInput): number {
  const percent =
    terms.point_value && terms.percent > 0
      ? earnPoints({ eligibleAmount: basis, earnPercent: terms.percent, pointValue: terms.point_value })
      : 0
  return terms.fixed + percent
}

/**
 * What a referral reward row keeps after its order changed: nothing once
 * the order is canceled or no longer reaches the minimum it was credited
 * under, else its points recomputed on what is left of the order (the
 * percent shrinks with a return, fixed points stay), never more than were
 * credited (max_balance may have cut them).
 */
export function keptReferralPoints(
  credited: number,
  terms: ReferralRewardTerms,
  order: { canceled: boolean; basis: BigNumberInput }
): number {
  if (order.canceled || !reachesMinimum(terms.minimum, order.basis)) {
    return 0
  }
  return Math.min(credited, pointsUnder(terms, order.basis))
}

/**
 * Whether an order's item total is more than `factor` times the store's
 * average (the `large_order` flag). No average (too few orders to judge by)
 * or no factor: never.
 */
export function isFarAboveAverage(amount: BigNumberInput, average: BigNumberInput | null, factor: number | null): boolean {
  if (average === null || factor === null || !MathBN.gt(average, 0)) {
    return false
  }
  return MathBN.gt(amount, MathBN.mult(average, factor))
}
