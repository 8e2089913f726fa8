import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { loadCartPoints } from "../../../../../workflows/checkout/cart-points"
import { applyCartPointsWorkflow, removeCartPointsWorkflow } from "../../../../../workflows"
import type { StoreApplyCartPointsType } from "../../validators"
import { asCartBusy } from "../../cart-busy"

/** What a storefront needs to draw the points control at checkout. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const state = await loadCartPoints(req.scope, { cart_id: req.params.id, customer_id: req.auth_context.actor_id })
  res.json({
    applied_points: state.applied ? state.reserved_points : 0,
    max_redeemable_points: state.completed ? 0 : state.max_redeemable_points,
    earnable_points: state.earnable_points,
    balance: state.balance,
    notice: state.notice,
  })
}

/** Pays part of the cart with points; a second call replaces the amount. */
export async function POST(req: AuthenticatedMedusaRequest<StoreApplyCartPointsType>, res: MedusaResponse) {
  await applyCartPointsWorkflow(req.scope)
    .run({ input: { cart_id: req.params.id, customer_id: req.auth_context.actor_id, points: req.validatedBody.points } })
    .catch((error) => {
      throw asCartBusy(error, req.params.id)
    })
  res.json({ cart: await cartOf(req.scope, req.params.id) })
}

/** Takes the points off the cart and gives them back to the account. */
export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await removeCartPointsWorkflow(req.scope)
    .run({ input: { cart_id: req.params.id, customer_id: req.auth_context.actor_id } })
    .catch((error) => {
      throw asCartBusy(error, req.params.id)
    })
  res.json({ cart: await cartOf(req.scope, req.params.id) })
}

const CART_FIELDS = [
  "id",
  "currency_code",
  "customer_id",
  "total",
  "subtotal",
  "tax_total",
  "discount_total",
  "discount_tax_total",
  "item_total",
  "item_subtotal",
  "original_item_total",
  "shipping_total",
  "promotions.id",
  "promotions.code",
  "items.id",
  "items.variant_id",
  "items.quantity",
  "items.unit_price",
  "items.total",
  "items.adjustments.code",
  "items.adjustments.promotion_id",
  "items.adjustments.amount",
]

async function cartOf(scope: MedusaContainer, cartId: string) {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [cart],
  } = await query.graph({ entity: "cart", fields: CART_FIELDS, filters: { id: cartId } })
  return cart
}
