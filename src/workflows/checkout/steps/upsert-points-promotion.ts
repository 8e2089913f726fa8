import type { IPromotionModuleService } from "@medusajs/framework/types"
import { MathBN, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { minimumItemsPrice, newPointsPromotionCode, pointsValue } from "../../../lib"
import { EXCLUDED_ITEMS_RULE, excludedTargetsOf, type CartPoints } from "../cart-points"
import type { CartPointsNotice } from "../points-notice"

const MIN_PRICE_RULE = "original_item_total"
const CUSTOMER_RULE = "customer.id"
const CODE_ATTEMPTS = 5

export type PointsPromotion = { id: string; code: string }

type PromotionSnapshot = {
  id: string
  status?: string
  value?: unknown
  currency_code?: string
  metadata?: Record<string, unknown> | null
  rules: { id: string; values: string[] }[]
  excluded_item_ids: string[]
}

const excludedTargetRules = (itemIds: string[]) =>
  itemIds.length ? [{ attribute: EXCLUDED_ITEMS_RULE, operator: "ne", values: itemIds }] : []

/** Makes the promotion skip exactly `itemIds` (none: every line may be paid with points). */
async function setExcludedTargets(promotions: IPromotionModuleService, promotion: any, itemIds: string[]) {
  const rule = (promotion.application_method?.target_rules ?? []).find((r: any) => r.attribute === EXCLUDED_ITEMS_RULE)
  if (rule && itemIds.length) {
    await promotions.updatePromotionRules([{ id: rule.id, values: itemIds } as any])
  } else if (rule) {
    await promotions.removePromotionTargetRules(promotion.id, [rule.id])
  } else if (itemIds.length) {
    await promotions.addPromotionTargetRules(promotion.id, excludedTargetRules(itemIds) as any)
  }
}

const WITH_RULES = [
  "application_method",
  "application_method.target_rules",
  "application_method.target_rules.values",
  "rules",
  "rules.values",
]

/** The promotion's amount and the least items price at which `points` stay within max_redeem_percent. */
function pricing(state: CartPoints, points: number) {
  const value = pointsValue(points, state.point_value!).numeric
  const threshold = minimumItemsPrice(points, state.point_value!, state.program.max_redeem_percent)
  return { value, minPrice: MathBN.convert(threshold).toString(10) }
}

/**
 * The cart's points promotion, made on the cart's first apply as a draft that no cart can use
 * yet (a short random code, e.g. POINTS-7K3Q2M9X): a fixed discount, tax included, across the
 * lines points may pay for, usable once, only by this customer on this cart and only while the items cost enough
 * for max_redeem_percent. Medusa then computes tax and refunds net of it. Later applies reuse it.
 */
export const preparePointsPromotionStep = createStep(
  "loyalty-prepare-points-promotion",
  async ({ state, points }: { state: CartPoints; points: number }, { container }) => {
    const promotions: IPromotionModuleService = container.resolve(Modules.PROMOTION)
    if (state.promotion_id) {
      const [existing] = await promotions.listPromotions({ id: state.promotion_id })
      if (existing) {
        return new StepResponse({ id: existing.id, code: existing.code! } as PointsPromotion, null)
      }
    }
    const { value, minPrice } = pricing(state, points)
    for (let attempt = 1; ; attempt++) {
      const code = newPointsPromotionCode()
      const [taken] = await promotions.listPromotions({ code }, { withDeleted: true } as any)
      if (taken && attempt < CODE_ATTEMPTS) {
        continue
      }
      if (taken) {
        throw new MedusaError(MedusaError.Types.CONFLICT, "Could not find a free points promotion code; try again")
      }
      const [created] = await promotions.createPromotions([{
        code,
        type: "standard",
        status: "draft",
        is_automatic: false,
        is_tax_inclusive: true,
        limit: 1,
        // Items, not the order, so lines points may not pay for can be left out (a target rule).
        application_method: {
          type: "fixed",
          target_type: "items",
          allocation: "across",
          value,
          currency_code: state.currency_code,
          target_rules: excludedTargetRules(state.excluded_item_ids),
        },
        rules: [
          { attribute: CUSTOMER_RULE, operator: "eq", values: [state.customer_id] },
          { attribute: "id", operator: "eq", values: [state.cart_id] },
          { attribute: MIN_PRICE_RULE, operator: "gte", values: [minPrice] },
        ],
        metadata: { loyalty_points: points, cart_id: state.cart_id },
      } as any])
      return new StepResponse({ id: created.id, code } as PointsPromotion, created.id)
    }
  },
  async (createdId, { container }) => {
    if (!createdId) {
      return
    }
    const promotions: IPromotionModuleService = container.resolve(Modules.PROMOTION)
    await promotions.deletePromotions([createdId])
  }
)

/**
 * Sets the cart's points promotion to `points` in the cart's currency and makes it usable.
 * Runs after the hold, so a refused hold leaves the discount as it was.
 */
export const setPointsPromotionStep = createStep(
  "loyalty-set-points-promotion",
  async (
    { state, points, promotion, notice }: { state: CartPoints; points: number; promotion: PointsPromotion; notice?: CartPointsNotice | null },
    { container }
  ) => {
    const promotions: IPromotionModuleService = container.resolve(Modules.PROMOTION)
    const [existing] = await promotions.listPromotions({ id: promotion.id }, { relations: WITH_RULES })
    const { value, minPrice } = pricing(state, points)
    // The cart may have changed hands since the promotion was made: it follows the cart's owner.
    const wanted: Record<string, string> = { [MIN_PRICE_RULE]: minPrice, [CUSTOMER_RULE]: state.customer_id }
    const rules = (existing.rules ?? []).filter((r: any) => wanted[r.attribute] !== undefined)
    const before: PromotionSnapshot = {
      id: existing.id,
      status: existing.status,
      value: existing.application_method?.value,
      currency_code: existing.application_method?.currency_code ?? undefined,
      metadata: existing.metadata ?? null,
      rules: rules.map((r: any) => ({ id: r.id, values: (r.values ?? []).map((v: any) => v.value) })),
      excluded_item_ids: excludedTargetsOf(existing),
    }
    await promotions.updatePromotions([
      {
        id: existing.id,
        status: "active",
        application_method: { value, currency_code: state.currency_code },
        metadata: { loyalty_points: points, cart_id: state.cart_id, loyalty_notice: notice ?? null },
      } as any,
    ])
    if (rules.length) {
      await promotions.updatePromotionRules(rules.map((r: any) => ({ id: r.id, values: [wanted[r.attribute]] })) as any)
    }
    await setExcludedTargets(promotions, existing, state.excluded_item_ids)
    return new StepResponse(promotion, before)
  },
  async (before, { container }) => {
    if (!before) {
      return
    }
    const promotions: IPromotionModuleService = container.resolve(Modules.PROMOTION)
    await promotions.updatePromotions([
      {
        id: before.id,
        status: before.status,
        application_method: { value: before.value, currency_code: before.currency_code },
        metadata: before.metadata,
      } as any,
    ])
    if (before.rules.length) {
      await promotions.updatePromotionRules(before.rules as any)
    }
    const [now] = await promotions.listPromotions({ id: before.id }, { relations: WITH_RULES })
    await setExcludedTargets(promotions, now, before.excluded_item_ids)
  }
)

/** Takes the cart's points promotion out of use (kept for the record), saying why when the store did it. */
export const deactivatePointsPromotionStep = createStep(
  "loyalty-deactivate-points-promotion",
  async ({ promotion_id, notice }: { promotion_id: string | null; notice?: CartPointsNotice | null }, { container }) => {
    if (!promotion_id) {
      return new StepResponse(null, null)
    }
    const promotions: IPromotionModuleService = container.resolve(Modules.PROMOTION)
    const [existing] = await promotions.listPromotions({ id: promotion_id })
    if (!existing) {
      return new StepResponse(null, null)
    }
    await promotions.updatePromotions([
      {
        id: existing.id,
        status: "inactive",
        metadata: { ...(existing.metadata ?? {}), loyalty_notice: notice ?? null },
      } as any,
    ])
    return new StepResponse(existing.id, { id: existing.id, status: existing.status, metadata: existing.metadata ?? null })
  },
  async (before, { container }) => {
    if (!before) {
      return
    }
    const promotions: IPromotionModuleService = container.resolve(Modules.PROMOTION)
    await promotions.updatePromotions([{ id: before.id, status: before.status, metadata: before.metadata } as any])
  }
)
