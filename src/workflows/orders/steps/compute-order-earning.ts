import type { BigNumberInput } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { returnedShare, unrefundedShare } from "../../../lib"
import { earnWithRules, ruleLinesOfOrder } from "../../../lib/rules"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { pointsDiscountOf, pointsPromotionIdOfCart } from "../../checkout/cart-points"
import { earnKey } from "./credit-order-earning"
import { currentEarningContext, recordedEarningContext } from "./earning-context"

export type OrderEarning = {
  order_id: string
  /** null for a guest order: guests earn nothing. */
  customer_id: string | null
  currency_code: string
  canceled: boolean
  /** What the order earns as it stands now: after returns and refunds, 0 once canceled. */
  points: number
  /** The returned items' share of the order's items ([returned, placed], decimal strings). */
  returned_share: [string, string]
  /** How `points` was computed, kept on the earn transaction. */
  details: Record<string, unknown>
  /** The order's items after discounts, tax included, after returns: what counts towards achievements. */
  item_total: string
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
  "cart.id",
  "items.adjustments.promotion_id",
  "items.adjustments.amount",
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
 * Medusa's line totals already leave returned units out, so returns need no
 * arithmetic here; refunds that no return explains are the credit lines added
 * after the order was placed, and scale the rest down. Once the order has
 * earned, it is recomputed with the context its earn row recorded. Guest
 * orders and currencies without a point value earn nothing.
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
    const items = compact(order.items)
    const paid = MathBN.add(order.item_total ?? 0, order.shipping_total ?? 0)
    const refunded = MathBN.sum(
      0,
      ...compact(order.credit_lines)
        .filter((line) => Number(line.version ?? 1) > 1)
        .map((line) => line.amount as BigNumberInput)
    )
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
    // Points spent come back in the returned items' share of the points discount itself;
    // without one (points spent outside a cart promotion), in their share of the list price.
    const cartId: string | undefined = (order as any).cart?.id
    const pointsPromotionId = cartId ? await pointsPromotionIdOfCart(loyalty, cartId) : null
    const pointsDiscount = items.map((item) => pointsDiscountOf([item], pointsPromotionId))
    const byDiscount = pointsDiscount.some((amount) => MathBN.gt(amount, 0))
    const [returned, placed] = returnedShare(
      items.map((item, i) => ({
        unit_price: byDiscount ? MathBN.div(pointsDiscount[i], item.quantity || 1) : item.unit_price,
        quantity: item.quantity,
        returned_quantity: MathBN.add(
          item.detail?.return_received_quantity ?? 0,
          item.detail?.return_dismissed_quantity ?? 0
        ),
      }))
    )

    const canceled = order.status === "canceled"
    const earning: OrderEarning = {
      order_id: order.id,
      customer_id: customerId,
      currency_code: currency,
      canceled,
      // A disabled program earns nothing new; an order that already earned keeps its own rules.
      points: canceled || (!lot && !program.enabled) ? 0 : rules.points,
      returned_share: [decimal(returned), decimal(placed)],
      item_total: canceled ? "0" : decimal(order.item_total ?? 0),
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
      },
    }
    return new StepResponse(earning)
  }
)

function compact(rows: unknown): any[] {
  return ((rows ?? []) as any[]).filter(Boolean)
}

function decimal(amount: BigNumberInput) {
  return MathBN.convert(amount).toString(10)
}
