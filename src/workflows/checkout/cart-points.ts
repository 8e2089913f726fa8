import type { IPromotionModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, MedusaError, Modules } from "@medusajs/framework/utils"
import { maxRedeemablePoints, type RedemptionBounds } from "../../lib"
import { decideLineRule, earnWithRules, ruleLinesOfOrder } from "../../lib/rules"
import { LOYALTY_MODULE } from "../../modules/loyalty"
import type LoyaltyModuleService from "../../modules/loyalty/service"
import type { ProgramSettings } from "../../modules/loyalty/program-settings"
import { currentEarningContext } from "../orders/steps/earning-context"
import type { CartPointsNotice } from "./points-notice"

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
  "items.adjustments.promotion_id",
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
  /** The cart's points promotion (one per cart, reused by every apply), once it has one. */
  promotion_id: string | null
  promotion_code: string | null
  /** The currency the promotion's amount is in: another than the cart's after a region change. */
  promotion_currency_code: string | null
  /** Lines points may not pay for (a rule's exclude_redemption), sorted; the promotion skips them. */
  excluded_item_ids: string[]
  /** The lines the promotion skips now, sorted: differs from the above once the cart changed. */
  promotion_excluded_item_ids: string[]
  /** Why the store last changed the points on this cart by itself, if it did. */
  notice: CartPointsNotice | null
  /** The points this shopper holds for this cart and whether their discount is on it now. */
  reserved_points: number
  /** Another customer's hold is still on the cart: it changed hands (POST /store/carts/:id/customer). */
  foreign_hold: boolean
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
  const registered = Boolean(cart.customer_id && (cart.customer as any)?.has_account)
  // The store itself (customer_id null) may read a cart that passed to a guest, to release its hold.
  if (!registered && input.customer_id !== null) {
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
  const [[reservation], [account]] = await Promise.all([
    loyalty.listLoyaltyReservations({ cart_id: cart.id }, { order: { created_at: "DESC" }, take: 1 }),
    registered ? loyalty.listLoyaltyAccounts({ customer_id: cart.customer_id! }) : Promise.resolve([]),
  ])
  const promotionId = reservation?.promotion_id ?? null
  const promotion = promotionId ? await readPromotion(container, promotionId) : null
  const items = ((cart.items ?? []) as any[]).filter(Boolean)
  const ourAmountOn = (item: any) => pointsDiscountOf([item], promotionId)
  const appliedAmount = pointsDiscountOf(items, promotionId)
  const active = reservation?.status === "active"
  const foreignHold = active && reservation.account_id !== account?.id
  const held = active && !foreignHold ? reservation.points : 0

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
    // Empty only for a cart that passed to a guest, which the store reads to release its hold.
    customer_id: cart.customer_id ?? "",
    currency_code: currency,
    completed: Boolean(cart.completed_at),
    program,
    point_value: pointValue,
    promotion_id: promotionId,
    promotion_code: promotion?.code ?? null,
    promotion_currency_code: promotion?.application_method?.currency_code?.toLowerCase() ?? null,
    excluded_item_ids: items
      .filter((item) => !payable.includes(item))
      .map((item) => item.id as string)
      .sort(),
    promotion_excluded_item_ids: excludedTargetsOf(promotion),
    notice: foreignHold ? null : ((promotion?.metadata as any)?.loyalty_notice ?? null),
    reserved_points: held,
    foreign_hold: foreignHold,
    applied: MathBN.gt(appliedAmount, 0),
    applied_amount: MathBN.convert(appliedAmount).toString(10),
    bounds,
    max_redeemable_points: maxRedeemablePoints(bounds).points,
    earnable_points: earning.points,
    balance: account?.balance ?? 0,
  }
}

async function readPromotion(container: MedusaContainer, id: string) {
  const promotions: IPromotionModuleService = container.resolve(Modules.PROMOTION)
  const [promotion] = await promotions.listPromotions(
    { id },
    { relations: ["application_method", "application_method.target_rules", "application_method.target_rules.values"] }
  )
  return promotion ?? null
}

/** The points promotion skips the lines named by its one target rule, `items.id ne [...]`. */
export const EXCLUDED_ITEMS_RULE = "items.id"

export function excludedTargetsOf(promotion: any): string[] {
  const rule = (promotion?.application_method?.target_rules ?? []).find((r: any) => r.attribute === EXCLUDED_ITEMS_RULE)
  return ((rule?.values ?? []) as any[]).map((v) => v.value as string).sort()
}

/** The points discount on these cart or order lines: their adjustments from the points promotion. */
export function pointsDiscountOf(lines: any[], promotionId: string | null) {
  if (!promotionId) {
    return MathBN.convert(0)
  }
  const ours = lines.flatMap((line) => (line?.adjustments ?? []).filter((adj: any) => adj?.promotion_id === promotionId))
  return MathBN.sum(0, ...ours.map((adj: any) => adj.amount))
}
