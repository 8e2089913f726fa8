import type { BigNumberInput } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { orderEarning, returnedShare, unrefundedShare } from "../../../lib"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { POINTS_PROMOTION_PREFIX } from "../../checkout/cart-points"

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
}

const ORDER_FIELDS = [
  "id",
  "status",
  "currency_code",
  "customer_id",
  "customer.has_account",
  "item_total",
  "shipping_total",
  "items.id",
  "items.unit_price",
  "items.quantity",
  "items.subtotal",
  "items.discount_subtotal",
  "items.total",
  "items.detail.return_received_quantity",
  "items.detail.return_dismissed_quantity",
  "items.adjustments.code",
  "items.adjustments.amount",
  "shipping_methods.subtotal",
  "shipping_methods.discount_subtotal",
  "shipping_methods.total",
  "credit_lines.amount",
  "credit_lines.version",
]

/**
 * Reads an order and the program, and works out what the order earns now.
 * Medusa's line totals already leave returned units out, so returns need no
 * arithmetic here; refunds that no return explains are the credit lines added
 * after the order was placed, and scale the rest down. Guest orders and
 * currencies without a point value earn nothing.
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
    const pointValue = program.point_values[currency]
    const items = compact(order.items)
    const paid = MathBN.add(order.item_total ?? 0, order.shipping_total ?? 0)
    const refunded = MathBN.sum(
      0,
      ...compact(order.credit_lines)
        .filter((line) => Number(line.version ?? 1) > 1)
        .map((line) => line.amount as BigNumberInput)
    )
    const paidShare = unrefundedShare(paid, refunded)
    const basis = orderEarning(
      { items, shipping: compact(order.shipping_methods) },
      program,
      pointValue,
      paidShare
    )
    // Points spent come back in the returned items' share of the points discount itself;
    // without one (points spent outside a cart promotion), in their share of the list price.
    const pointsDiscount = items.map((item) => pointsDiscountOn(item))
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
    const registered = Boolean(order.customer_id && (order.customer as any)?.has_account)
    const earning: OrderEarning = {
      order_id: order.id,
      customer_id: registered ? order.customer_id! : null,
      currency_code: currency,
      canceled,
      points: canceled || !program.enabled ? 0 : basis.points,
      returned_share: [decimal(returned), decimal(placed)],
      details: {
        eligible_amount: decimal(basis.eligible_amount),
        earn_percent: program.earn_percent,
        currency_code: currency,
        point_value: pointValue ?? null,
        earn_on_shipping: program.earn_on_shipping,
        earn_on_tax: program.earn_on_tax,
        ...(MathBN.gt(refunded, 0) ? { refunded_amount: decimal(refunded), paid_amount: decimal(paid) } : {}),
      },
    }
    return new StepResponse(earning)
  }
)

function pointsDiscountOn(item: any) {
  const ours = compact(item.adjustments).filter((adjustment) =>
    String(adjustment.code ?? "").startsWith(POINTS_PROMOTION_PREFIX)
  )
  return MathBN.sum(0, ...ours.map((adjustment) => adjustment.amount as BigNumberInput))
}

function compact(rows: unknown): any[] {
  return ((rows ?? []) as any[]).filter(Boolean)
}

function decimal(amount: BigNumberInput) {
  return MathBN.convert(amount).toString(10)
}
