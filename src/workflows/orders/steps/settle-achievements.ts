import type { BigNumberInput } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { orderLotTiming } from "../../../lib"
import { achievementChanges } from "../../../lib/rules"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

/** Orders that do not count towards a shopper's spend. */
const NOT_SPENT = new Set(["canceled", "draft"])

/**
 * Awards the achievement thresholds a shopper's cumulative spend (per
 * currency: the items of their orders after discounts and returns, tax
 * included) has reached, and takes back those a return or cancel dropped it
 * below. Keys count the awards, so repeated or concurrent events award once.
 */
export const settleAchievementsStep = createStep(
  "loyalty-settle-achievements",
  async (input: { customer_id: string | null; order_id: string }, { container }) => {
    if (!input.customer_id) {
      return new StepResponse(null)
    }
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const [program, [account]] = await Promise.all([
      loyalty.getProgramSettings(),
      loyalty.listLoyaltyAccounts({ customer_id: input.customer_id }),
    ])
    const records = account ? await loyalty.achievementRecords(account.id) : []
    if (!account || (!records.length && (!program.enabled || !program.achievements.length))) {
      return new StepResponse(null)
    }
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: orders } = await query.graph({
      entity: "order",
      fields: ["currency_code", "status", "item_total"],
      filters: { customer_id: input.customer_id },
    })
    const spend: Record<string, BigNumberInput> = {}
    for (const order of orders.filter((order) => !NOT_SPENT.has(order.status as string))) {
      const currency = order.currency_code.toLowerCase()
      spend[currency] = MathBN.add(spend[currency] ?? 0, (order.item_total ?? 0) as BigNumberInput)
    }
    const changes = achievementChanges({
      account_id: account.id,
      // A disabled program awards nothing new, but returns still take back what was awarded.
      achievements: program.enabled ? program.achievements : [],
      spend,
      records,
    })

    const now = new Date()
    for (const award of changes.award) {
      await loyalty.creditBonus({
        customer_id: input.customer_id,
        bonus: "achievement",
        ...orderLotTiming(program, now),
        points: award.points,
        max_balance: program.max_balance,
        order_id: input.order_id,
        reference: award.reference,
        reason: `Achievement: ${award.spend} ${award.currency_code.toUpperCase()} spent`,
        details: { currency_code: award.currency_code, spend: award.spend },
        idempotency_key: award.idempotency_key,
      })
    }
    for (const change of changes.reverse) {
      const record = records.find((candidate) => `achievement:${candidate.currency_code}:${candidate.spend}` === change.reference)
      if (record) {
        await loyalty.reverse({
          transaction_id: record.latest_id,
          keep_points: 0,
          order_id: input.order_id,
          reason: `Achievement lost: spend fell below ${change.spend} ${change.currency_code.toUpperCase()}`,
          idempotency_key: change.idempotency_key,
        })
      }
    }
    // No compensation: the award keys count the awards, so a redelivery replays these and goes on.
    return new StepResponse(changes)
  }
)
