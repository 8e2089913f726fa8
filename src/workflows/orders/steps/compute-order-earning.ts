import type { BigNumberInput } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { discountGoneShare, pointsValue, returnedShare, unrefundedShare } from "../../../lib"
import { earnWithRules, ruleLinesOfOrder } from "../../../lib/rules"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { pointsDiscountOf } from "../../checkout/cart-points"
import { pointsPromotionOfOrder } from "../points-discount"
import { earnKey } from "./credit-order-earning"
import { currentEarningContext, recordedEarningContext } from "./earning-context"

export type OrderEarning = {
  order_id: string
  /** null for a guest order: guests earn nothing. */
  customer_id: string | null
  currency_code: string
  canceled: boolean
  /** What the order earns as it stands now: after edits, claims, exchanges, returns and refunds, 0 once canceled. */
  points: number
  /**
   * The share of the points discount the order no longer gives ([gone, given],
   * decimal strings): what returns, write-offs and edits took away.
   */
  returned_share: [string, string]
  /** How `points` was computed, kept on the earn transaction. */
  details: Record<string, unknown>
  /** The order's items after discounts, tax included, after returns: what counts towards achievements. */
  item_total: string
  /**
   * What the order's items were paid in money now: after every discount (coupons and points),
   * tax and shipping excluded, after returns, write-offs and refunds. Referral rewards go by it.
   */
  referral_basis: string
  /** When it was placed, ISO (a step's output is JSON: a Date would arrive as a string). */
  placed_at: string
}

const ORDER_FIELDS = [
  "id",
  "status",
  "created_at",
  "currency_code",
  "customer_id",
  "customer.has_account",
  "customer.groups.id",
  "item_total",
  "shipping_total",
  "items.id",
  "items.product_id",
  "items.variant.product.id",
  "items.variant.product.collection_id",
  "items.variant.product.categories.id",
  "items.variant.product.categories.mpath",
  "items.unit_price",
  "items.quantity",
  "items.subtotal",
  "items.discount_subtotal",
  "items.total",
  "items.detail.return_received_quantity",
  "items.detail.return_dismissed_quantity",
  "items.detail.written_off_quantity",
  "items.adjustments.amount",
  "items.adjustments.promotion_id",
  "shipping_methods.id",
  "shipping_methods.subtotal",
  "shipping_methods.discount_subtotal",
  "shipping_methods.total",
  "credit_lines.amount",
  "credit_lines.version",
]

/**
 * Reads an order and the program, and works out what the order earns now,
 * under the program's rules (tier, campaigns, per-product rules, caps).
 * Medusa's lines are the order as edits, claims and exchanges left it, and
 * their totals already leave returned units out; units a refund claim wrote
 * off are still in them and are taken out here. Refunds that no return
 * explains are the credit lines added after the order was placed: they pay
 * first for written-off units, and beyond that scale the rest down. Once
 * the order has earned, it is recomputed with the context its earn row
 * recorded. Guest orders and currencies without a point value earn nothing.
 */
export const computeOrderEarningStep = createStep(
  "loyalty-compute-order-earning",
  async (input: { order_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const {
      data: [order],
    } = await query.graph({ entity: "order", fields: ORDER_FIELDS, filters: { id: input.order_id } })
    if (!order) {
      return new StepResponse(null)
    }
    const program = await loyalty.getProgramSettings()
    const currency = order.currency_code.toLowerCase()
    const claimed = await claimedQuantities(query, order.id)
    const items = compact(order.items).map((item) => ({ ...item, claimed_quantity: claimed.get(item.id) ?? 0 }))
    // What the shopper paid for written-off units: a refund up to it pays for them.
    const claimedAmount = MathBN.sum(0, ...items.map((item) => claimedAmountOf(item)))
    const paid = MathBN.sub(MathBN.add(order.item_total ?? 0, order.shipping_total ?? 0), claimedAmount)
    const creditLinesRefunded = MathBN.sum(
      0,
      ...compact(order.credit_lines)
        .filter((line) => Number(line.version ?? 1) > 1)
        .map((line) => line.amount as BigNumberInput)
    )
    const refunded = MathBN.max(MathBN.sub(creditLinesRefunded, claimedAmount), 0)
    const registered = Boolean(order.customer_id && (order.customer as any)?.has_account)
    const customerId = registered ? order.customer_id! : null

    const [lot] = await loyalty.listLoyaltyTransactions({ idempotency_key: earnKey(order.id) })
    const groups = compact((order.customer as any)?.groups).map((group) => group.id as string)
    const placing = lot
      ? null
      : await currentEarningContext({
          loyalty,
          program,
          currency_code: currency,
          customer_id: customerId,
          customer_group_ids: groups,
          placed_at: new Date(order.created_at as any),
          lines: ruleLinesOfOrder({ items, shipping_methods: compact(order.shipping_methods) }, program),
        })
    const context = placing?.context ?? recordedEarningContext((lot!.details ?? {}) as Record<string, any>)
    const lines = ruleLinesOfOrder(
      { items, shipping_methods: compact(order.shipping_methods) },
      context,
      unrefundedShare(paid, refunded)
    )
    const rules = earnWithRules({
      lines,
      customer_group_ids: context.customer_group_ids,
      rules: context.rules,
      earn_percent: context.earn_percent,
      point_value: context.point_value ?? undefined,
      tier_multiplier: context.tier?.multiplier ?? 1,
      campaigns: context.campaigns,
      // Balance caps apply when the points are credited; afterwards an order only ever keeps less.
      caps: { max_points_per_order: context.max_points_per_order, max_balance: placing ? program.max_balance : null },
      balance: placing?.balance ?? 0,
    })
    // Points spent come back in the share of the points discount the order no longer gives
    // (units returned or written off, lines an edit took out); without a points discount
    // (points spent outside a cart promotion), in the returned units' share of the list price.
    const { promotion_id, paid_with_points } = await pointsPromotionOfOrder(loyalty, order.id)
    const pointsDiscount = items.map((item) => pointsDiscountOf([item], promotion_id))
    const goneQuantity = (item: any) =>
      MathBN.sum(
        item.detail?.return_received_quantity ?? 0,
        item.detail?.return_dismissed_quantity ?? 0,
        item.claimed_quantity ?? 0
      )
    const recorded = lot ? (lot.details as any)?.points_discount : null
    const discountGiven =
      recorded && MathBN.gt(recorded, 0)
        ? (recorded as string)
        : // Earn rows from before the discount was recorded: what the points spent are worth.
          lot && recorded === undefined && paid_with_points && context.point_value
          ? decimal(pointsValue(await loyalty.pointsRedeemedOnOrder(order.id), context.point_value))
          : null
    const byDiscount = discountGiven !== null || pointsDiscount.some((amount) => MathBN.gt(amount, 0))
    const [returned, placed] = byDiscount
      ? discountGoneShare(
          items.map((item, i) => ({ discount: pointsDiscount[i], quantity: item.quantity, gone_quantity: goneQuantity(item) })),
          discountGiven
        )
      : returnedShare(
          items.map((item) => ({ unit_price: item.unit_price, quantity: item.quantity, returned_quantity: goneQuantity(item) }))
        )

    const canceled = order.status === "canceled"
    const paidItems = ruleLinesOfOrder(
      { items, shipping_methods: [] },
      { earn_on_shipping: false, earn_on_tax: false },
      unrefundedShare(paid, refunded)
    )
    const earning: OrderEarning = {
      order_id: order.id,
      customer_id: customerId,
      currency_code: currency,
      canceled,
      // A disabled program earns nothing new; an order that already earned keeps its own rules.
      points: canceled || (!lot && !program.enabled) ? 0 : rules.points,
      returned_share: [decimal(returned), decimal(placed)],
      item_total: canceled ? "0" : decimal(MathBN.sub(order.item_total ?? 0, claimedAmount)),
      referral_basis: canceled ? "0" : decimal(MathBN.sum(0, ...paidItems.map((line) => line.amount))),
      placed_at: new Date(order.created_at as any).toISOString(),
      details: {
        eligible_amount: decimal(rules.eligible_amount),
        earn_percent: context.earn_percent,
        currency_code: currency,
        point_value: context.point_value,
        earn_on_shipping: context.earn_on_shipping,
        earn_on_tax: context.earn_on_tax,
        ...(MathBN.gt(refunded, 0) ? { refunded_amount: decimal(refunded), paid_amount: decimal(paid) } : {}),
        base_points: rules.base_points,
        uncapped_points: rules.uncapped_points,
        capped_by: rules.capped_by,
        tier_multiplier: rules.tier_multiplier,
        campaign_ids: rules.campaign_ids,
        lines: rules.lines,
        context,
        // The points discount the order was placed with, kept on the earn row: an edit may take
        // a discounted line out of the order altogether.
        points_discount: discountGiven ?? decimal(MathBN.sum(0, ...pointsDiscount)),
      },
    }
    return new StepResponse(earning)
  }
)

/**
 * Units of each order line that refund claims wrote off. Medusa keeps them in
 * the line's totals (only returns leave units out); a replace claim's
 * write-offs still count, as the shopper keeps what they paid for.
 */
async function claimedQuantities(query: any, orderId: string) {
  const { data: claims } = await query.graph({
    entity: "order_claim",
    fields: ["id", "type", "canceled_at", "claim_items.item_id", "claim_items.quantity", "claim_items.is_additional_item"],
    filters: { order_id: orderId },
  })
  const claimed = new Map<string, BigNumberInput>()
  for (const claim of compact(claims)) {
    if (claim.type !== "refund" || claim.canceled_at) {
      continue
    }
    for (const item of compact(claim.claim_items)) {
      if (!item.is_additional_item) {
        claimed.set(item.item_id, MathBN.add(claimed.get(item.item_id) ?? 0, item.quantity))
      }
    }
  }
  return claimed
}

/** What the shopper paid for a line's written-off units (tax included, after discounts). */
function claimedAmountOf(item: any) {
  const counted = MathBN.sub(
    item.quantity,
    MathBN.add(item.detail?.return_received_quantity ?? 0, item.detail?.return_dismissed_quantity ?? 0)
  )
  if (!MathBN.gt(counted, 0) || !MathBN.gt(item.claimed_quantity, 0)) {
    return MathBN.convert(0)
  }
  return MathBN.div(MathBN.mult(item.total ?? 0, MathBN.min(item.claimed_quantity, counted)), counted)
}

function compact(rows: unknown): any[] {
  return ((rows ?? []) as any[]).filter(Boolean)
}

function decimal(amount: BigNumberInput) {
  return MathBN.convert(amount).toString(10)
}
