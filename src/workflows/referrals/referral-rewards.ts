import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { maskedName } from "../../lib/referral-code"
import { isFarAboveAverage, planReferralReward, rewardMonth, type ReferralRewardTerms } from "../../lib/referral-rewards"
import { LOYALTY_MODULE } from "../../modules/loyalty"
import type { ILoyaltyModuleService, ReferralRewardResult } from "../../types/loyalty"
import type { OrderEarning } from "../orders/steps/compute-order-earning"
import { earnKey } from "../orders/steps/credit-order-earning"
import { recentAverageItemTotal } from "./store-average-order"

const DAY = 24 * 60 * 60 * 1000

export type ReferralRewards = {
  referral_id: string
  declined: string | null
  referrer: ReferralRewardResult | null
  referee: ReferralRewardResult | null
}

/**
 * Pays the referral rewards a referee's order earns under the program's
 * `referrals` setting, if the order's customer was referred: the
 * referrer's (fixed points and percent) and the referee's (first order),
 * each a `referral` lot keyed by referral, order and party, so a repeated
 * order.placed or an approval after it pays once. The lots become available
 * with the order's points (its return window). An order far above the
 * store's average (`flag_order_over_average`) flags the referral instead:
 * the approval pays it. The ledger re-checks the referral's status and the
 * monthly cap under its locks.
 */
export async function payReferralRewards(container: MedusaContainer, earning: OrderEarning): Promise<ReferralRewards | null> {
  if (!earning.customer_id || earning.canceled) {
    return null
  }
  const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  const program = await loyalty.getProgramSettings()
  if (!program.enabled || !program.referrals.enabled) {
    return null
  }
  const [account] = await loyalty.listLoyaltyAccounts({ customer_id: earning.customer_id }, { take: 1 })
  const [referral] = account ? await loyalty.listLoyaltyReferrals({ referee_account_id: account.id }, { take: 1 }) : []
  if (!referral || referral.status !== "bound") {
    // A flagged referral is paid when an admin (or the review deadline) approves it.
    return null
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const [{ data: firstOrders }, [referrer], [earnLot]] = await Promise.all([
    query.graph({
      entity: "order",
      fields: ["id"],
      // A canceled order is no first order: the friend's first order that stands pays.
      filters: { customer_id: earning.customer_id, is_draft_order: false, status: { $nin: ["draft", "canceled"] } },
      pagination: { skip: 0, take: 1, order: { created_at: "ASC", id: "ASC" } },
    }),
    loyalty.listLoyaltyAccounts({ id: referral.referrer_account_id }, { take: 1 }),
    loyalty.listLoyaltyTransactions({ idempotency_key: earnKey(earning.order_id) }, { take: 1 }),
  ])
  const plan = planReferralReward(
    program.referrals,
    {
      currency_code: earning.currency_code,
      basis: earning.referral_basis,
      placed_at: new Date(earning.placed_at),
      first_order: firstOrders[0]?.id === earning.order_id,
      canceled: earning.canceled,
    },
    new Date(referral.bound_at),
    program.point_values[earning.currency_code] ?? null
  )
  const result: ReferralRewards = { referral_id: referral.id, declined: plan.declined, referrer: null, referee: null }
  if (plan.declined) {
    return result
  }
  // An order far above the store's average waits for an admin, unless one already approved this referral.
  const factor = program.referrals.flag_order_over_average
  if (factor !== null && !referral.reviewed_at) {
    const average = await recentAverageItemTotal(query, earning.currency_code, earning.order_id)
    if (isFarAboveAverage(earning.item_total, average, factor)) {
      const flag = await loyalty.flagReferral(referral.id, "large_order")
      if (flag?.referral.status !== "bound") {
        return { ...result, declined: "in_review" }
      }
    }
  }
  const { data: people } = await query.graph({
    entity: "customer",
    fields: ["id", "first_name", "last_name"],
    filters: { id: [earning.customer_id, referrer.customer_id] },
  })
  const nameOf = (id: string) => {
    const person = people.find((p: any) => p.id === id)
    return maskedName(person?.first_name, person?.last_name)
  }
  const now = new Date()
  const timing = rewardTiming(program, earning, earnLot, now)
  const reward = (party: "referrer" | "referee", points: number, terms: ReferralRewardTerms, friend: string) =>
    loyalty.creditReferralReward({
      referral_id: referral.id,
      order_id: earning.order_id,
      party,
      points,
      ...timing,
      max_balance: program.max_balance,
      monthly_cap: program.referrals.monthly_cap,
      reward_month: rewardMonth(now, program.time_zone),
      details: { terms, other_party: friend },
      reason: party === "referrer" ? `Referral reward: ${friend} placed an order` : `Referral reward: invited by ${friend}`,
      idempotency_key:
        party === "referrer" ? `referral:${referral.id}:${earning.order_id}:referrer` : `referral:${referral.id}:${earning.order_id}:referee`,
    })
  // One after the other: each locks the referral row, then its own account.
  if (plan.referrer.points > 0) {
    result.referrer = await reward("referrer", plan.referrer.points, plan.referrer.terms, nameOf(earning.customer_id))
  }
  if (plan.referee.points > 0) {
    result.referee = await reward("referee", plan.referee.points, plan.referee.terms, nameOf(referrer.customer_id))
  }
  return result
}

/**
 * A reward becomes spendable with the order's points: when its earn lot does
 * (or, for an order that earned none, pending_days after it was placed), and
 * now if that is past (an approval after the return window).
 */
function rewardTiming(
  program: { pending_days: number; expiry_days: number },
  earning: OrderEarning,
  earnLot: { available_at: Date | string | null } | undefined,
  now: Date
) {
  const due = earnLot?.available_at
    ? new Date(earnLot.available_at).getTime()
    : new Date(earning.placed_at).getTime() + program.pending_days * DAY
  const available_at = new Date(Math.max(due, now.getTime()))
  return {
    status: available_at.getTime() > now.getTime() ? ("pending" as const) : ("available" as const),
    available_at,
    expires_at: program.expiry_days > 0 ? new Date(available_at.getTime() + program.expiry_days * DAY) : null,
  }
}
