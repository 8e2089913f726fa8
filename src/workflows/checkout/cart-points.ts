import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, MedusaError, Modules } from "@medusajs/framework/utils"
import { maxRedeemablePoints, type RedemptionBounds } from "../../lib"
import { decideLineRule, earnWithRules, ruleLinesOfOrder } from "../../lib/rules"
import { LOYALTY_MODULE } from "../../modules/loyalty"
import type LoyaltyModuleService from "../../modules/loyalty/service"
import type { ProgramSettings } from "../../modules/loyalty/program-settings"
import { currentEarningContext } from "../orders/steps/earning-context"

/** One promotion per cart carries its points discount; the code names the cart. */
export const POINTS_PROMOTION_PREFIX = "LOYALTY-POINTS-"
export const pointsPromotionCode = (cartId: string) => `${POINTS_PROMOTION_PREFIX}${cartId}`.toUpperCase()

const CART_FIELDS = [
  "id",
  "customer_id",
  "customer.has_account",
  "customer.groups.id",
  "currency_code",
  "completed_at",
  "original_item_total",
  "item_total",
  "promotions.code",
  "items.id",
  "items.quantity",
  "items.product_id",
  "items.variant.product.id",
  "items.variant.product.collection_id",
  "items.variant.product.categories.id",
  "items.variant.product.categories.mpath",
  "items.original_total",
  "items.subtotal",
  "items.discount_subtotal",
  "items.total",
  "items.adjustments.code",
  "items.adjustments.amount",
  "shipping_methods.id",
  "shipping_methods.subtotal",
  "shipping_methods.discount_subtotal",
  "shipping_methods.total",
]

export type CartPoints = {
  cart_id: string
  customer_id: string
  currency_code: string
  completed: boolean
  program: ProgramSettings
  /** Money value of one point in the cart's currency; null when the currency has none. */
  point_value: number | null
  promotion_code: string
  /** The points held for this cart and whether their discount is on it now. */
  reserved_points: number
  applied: boolean
  /** The points discount on the cart now (tax included). */
  applied_amount: string
  bounds: RedemptionBounds
  max_redeemable_points: number
  earnable_points: number
  balance: number
}

/**
 * Reads a shopper's cart with everything the points control needs. Only the
 * cart's owner gets an answer: another customer's cart is not found, and a
 * guest cart needs its shopper to log in.
 */
export async function loadCartPoints(
  container: MedusaContainer,
  input: { cart_id: string; customer_id: string | null }
): Promise<CartPoints> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  const {
    data: [cart],
  } = await query.graph({ entity: "cart", fields: CART_FIELDS, filters: { id: input.cart_id } })
  if (!cart) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart with id: ${input.cart_id} was not found`)
  }
  if (!cart.customer_id || !(cart.customer as any)?.has_account) {
    throw new MedusaError(
      MedusaError.Types.UNAUTHORIZED,
      "Points can only be used on a logged-in customer's cart: log in, then transfer the cart"
    )
  }
  if (input.customer_id && cart.customer_id !== input.customer_id) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart with id: ${input.cart_id} was not found`)
  }
  const program = await loyalty.getProgramSettings()
  const currency = cart.currency_code.toLowerCase()
  const pointValue = program.point_values[currency] ?? null
  const code = pointsPromotionCode(cart.id)
  const items = ((cart.items ?? []) as any[]).filter(Boolean)
  const ours = items.flatMap((item) => (item.adjustments ?? []).filter((adj: any) => adj?.code === code))
  const appliedAmount = MathBN.sum(0, ...ours.map((adj: any) => adj.amount))
  const [reservation] = await loyalty.listLoyaltyReservations({ cart_id: cart.id, status: "active" })
  const [account] = await loyalty.listLoyaltyAccounts({ customer_id: cart.customer_id })
  const held = reservation?.points ?? 0

  // What the cart would earn as it is, under the program's rules, and which lines points may not pay for.
  const groups = (((cart.customer as any)?.groups ?? []) as any[]).filter(Boolean).map((group) => group.id as string)
  const shipping = ((cart.shipping_methods ?? []) as any[]).filter(Boolean)
  const lines = ruleLinesOfOrder({ items, shipping_methods: shipping }, program)
  const { context, balance } = await currentEarningContext({
    loyalty,
    program,
    currency_code: currency,
    customer_id: cart.customer_id,
    customer_group_ids: groups,
    placed_at: new Date(),
    lines,
  })
  const earning = earnWithRules({
    lines,
    customer_group_ids: groups,
    rules: context.rules,
    earn_percent: context.earn_percent,
    point_value: program.enabled ? pointValue ?? undefined : undefined,
    tier_multiplier: context.tier?.multiplier ?? 1,
    campaigns: context.campaigns,
    caps: { max_points_per_order: program.max_points_per_order, max_balance: program.max_balance },
    balance,
  })
  const payable = items.filter(
    (item, i) =>
      decideLineRule(lines[i], groups, context.rules, { earn_percent: context.earn_percent, point_value: 1 })
        .redemption_excluded_by.length === 0
  )
  const ourAmountOn = (item: any) =>
    MathBN.sum(0, ...(item.adjustments ?? []).filter((adj: any) => adj?.code === code).map((adj: any) => adj.amount))
  const bounds: RedemptionBounds = {
    spendable: (account?.balance ?? 0) - (account?.reserved ?? 0) + held,
    min_redeem_points: program.min_redeem_points,
    max_redeem_percent: program.enabled && pointValue ? program.max_redeem_percent : 0,
    point_value: pointValue ?? 1,
    items_price:
      payable.length === items.length
        ? cart.original_item_total ?? 0
        : MathBN.sum(0, ...payable.map((item) => item.original_total ?? 0)),
    items_total:
      payable.length === items.length
        ? MathBN.add(cart.item_total ?? 0, appliedAmount)
        : MathBN.sum(0, ...payable.map((item) => MathBN.add(item.total ?? 0, ourAmountOn(item)))),
  }
  return {
    cart_id: cart.id,
    customer_id: cart.customer_id,
    currency_code: currency,
    completed: Boolean(cart.completed_at),
    program,
    point_value: pointValue,
    promotion_code: code,
    reserved_points: held,
    applied: ours.length > 0 && MathBN.gt(appliedAmount, 0),
    applied_amount: MathBN.convert(appliedAmount).toString(10),
    bounds,
    max_redeemable_points: maxRedeemablePoints(bounds).points,
    earnable_points: earning.points,
    balance: account?.balance ?? 0,
  }
}
