import type { BigNumberInput } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { orderEarning } from "../../../lib"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

export type OrderEarning = {
  order_id: string
  customer_id: string | null
  currency_code: string
  canceled: boolean
  /** What the order earns as it stands now (after returns; 0 once canceled). */
  points: number
  /** What it earned when placed, before any return. */
  placed_points: number
  /** Item amounts returned and placed (decimal strings): the returned share of the order. */
  returned_amount: string
  placed_amount: string
  details: Record<string, unknown>
}

const ORDER_FIELDS = [
  "id",
  "status",
  "currency_code",
  "customer_id",
  "customer.has_account",
  "items.id",
  "items.quantity",
  "items.subtotal",
  "items.discount_subtotal",
  "items.total",
  "items.detail.return_received_quantity",
  "shipping_methods.subtotal",
  "shipping_methods.discount_subtotal",
  "shipping_methods.total",
  "total",
  "returns.status",
  "returns.refund_amount",
  "payment_collections.payments.refunds.amount",
]

/**
 * Reads an order and the program, and works out what the order earns now and
 * what it earned when placed. Guest orders and currencies without a point
 * value earn nothing.
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
    const pointValue = program.point_values[order.currency_code.toLowerCase()]
    const items = (order.items ?? []).filter(Boolean) as any[]
    const shaped = {
      items: items.map((item) => ({
        id: item.id,
        quantity: item.quantity,
        subtotal: item.subtotal,
        discount_subtotal: item.discount_subtotal,
        total: item.total,
      })),
      shipping: ((order.shipping_methods ?? []) as any[]).map((method) => ({
        subtotal: method.subtotal,
        discount_subtotal: method.discount_subtotal,
        total: method.total,
      })),
    }
    const kept = Object.fromEntries(
      items.map((item) => [
        item.id,
        Math.max(0, Number(item.quantity) - Number(item.detail?.return_received_quantity ?? 0)),
      ])
    )
    const placed = orderEarning(shaped, program, pointValue)
    const now = orderEarning(shaped, program, pointValue, kept, unrefundedShare(order))
    const itemsOnly = { ...program, earn_on_shipping: false }
    const placedItems = orderEarning(shaped, itemsOnly, 1)
    const keptItems = orderEarning(shaped, itemsOnly, 1, kept)

    const canceled = order.status === "canceled"
    const registered = Boolean(order.customer_id && (order.customer as any)?.has_account)
    const earning: OrderEarning = {
      order_id: order.id,
      customer_id: registered ? order.customer_id! : null,
      currency_code: order.currency_code,
      canceled,
      points: canceled || !program.enabled ? 0 : now.points,
      placed_points: program.enabled ? placed.points : 0,
      returned_amount: decimal(MathBN.sub(placedItems.eligible_amount, keptItems.eligible_amount)),
      placed_amount: decimal(placedItems.eligible_amount),
      details: {
        eligible_amount: decimal(placed.eligible_amount),
        earn_percent: program.earn_percent,
        currency_code: order.currency_code,
        point_value: pointValue ?? null,
        earn_on_shipping: program.earn_on_shipping,
        earn_on_tax: program.earn_on_tax,
      },
    }
    return new StepResponse(earning)
  }
)

function decimal(amount: BigNumberInput) {
  return MathBN.convert(amount).toString(10)
}

/**
 * Refunds that no return explains (goodwill, price corrections) shrink what
 * the order keeps: [what is still paid, what was paid], both net of returns.
 */
function unrefundedShare(order: any): [BigNumberInput, BigNumberInput] {
  const refunded = (order.payment_collections ?? [])
    .flatMap((collection: any) => collection?.payments ?? [])
    .flatMap((payment: any) => payment?.refunds ?? [])
    .reduce((sum: any, refund: any) => MathBN.add(sum, refund?.amount ?? 0), MathBN.convert(0))
  const forReturns = (order.returns ?? [])
    .filter((ret: any) => ret && ["received", "partially_received"].includes(ret.status))
    .reduce((sum: any, ret: any) => MathBN.add(sum, ret.refund_amount ?? 0), MathBN.convert(0))
  const other = MathBN.max(MathBN.sub(refunded, forReturns), 0)
  const paid = MathBN.max(MathBN.sub(order.total ?? 0, forReturns), 0)
  return [MathBN.sub(paid, other), paid]
}
