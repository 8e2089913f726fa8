import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"
import { deliverLoyaltyEventsStep } from "../../jobs/steps/deliver-loyalty-events"
import { computeOrderEarningStep } from "../../orders/steps/compute-order-earning"
import { payReferralRewardsStep } from "../steps/pay-referral-rewards"
import { settleReferralRewardsStep } from "../steps/settle-referral-rewards"

/**
 * One order's referral rewards, as order.placed pays them (replayed where it already did). An
 * approval comes days after the order, when cancels and returns happen: one settled between
 * the order's read here and the rewards' commit found no reward to take back. So the rewards
 * are settled once more against the order as it is after the commit (keyed by what each lot
 * keeps, so nothing is taken twice, and nothing at all when the order did not change).
 */
export const rewardReferralOrderWorkflow = createWorkflow(
  "loyalty-reward-referral-order",
  (input: { order_id: string }) => {
    const earning = computeOrderEarningStep(input)
    const rewards = payReferralRewardsStep(earning)
    const after = computeOrderEarningStep(transform({ rewards, input }, ({ input }) => input)).config({
      name: "loyalty-compute-order-earning-after-rewards",
    })
    settleReferralRewardsStep({ earning: after, cause: "the order changed before the approval paid it" })
    deliverLoyaltyEventsStep().config({ continueOnPermanentFailure: true })
    return new WorkflowResponse(rewards)
  }
)

const rewardReferralOrdersStep = createStep(
  "loyalty-reward-referral-orders",
  async (input: { referral_id: string }, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const [referral] = await loyalty.listLoyaltyReferrals({ id: input.referral_id }, { take: 1 })
    const [referee] = referral ? await loyalty.listLoyaltyAccounts({ id: referral.referee_account_id }, { take: 1 }) : []
    if (!referee) {
      return new StepResponse([])
    }
    const { data: orders } = await query.graph({
      entity: "order",
      fields: ["id"],
      filters: { customer_id: referee.customer_id, is_draft_order: false, status: { $nin: ["draft", "canceled"] } },
      pagination: { skip: 0, take: 1000, order: { created_at: "ASC", id: "ASC" } },
    })
    const paid: unknown[] = []
    for (const order of orders) {
      const { result } = await rewardReferralOrderWorkflow(container).run({ input: { order_id: order.id } })
      paid.push(result)
    }
    return new StepResponse(paid)
  }
)

/**
 * Pays a referral's waiting rewards: every order of the referee that earns
 * one under the program's `referrals` setting, each once (keyed per order);
 * the review queue runs it when a flagged referral is approved.
 */
export const rewardReferralOrdersWorkflow = createWorkflow(
  "loyalty-reward-referral-orders",
  (input: { referral_id: string }) => {
    return new WorkflowResponse(rewardReferralOrdersStep(input))
  }
)
