import type { IPromotionModuleService } from "@medusajs/framework/types"
import { MathBN, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { minimumItemsPrice, pointsValue } from "../../../lib"
import type { CartPoints } from "../cart-points"

const MIN_PRICE_RULE = "original_item_total"

type PromotionSnapshot = {
  id: string
  created: boolean
  status?: string
  value?: unknown
  rule_id?: string
  rule_values?: string[]
}

/**
 * The cart's single-use points promotion, created or updated to `points`:
 * a fixed discount, tax included, on the whole order, that only this cart of
 * this customer can use, once, and only while the items cost enough for
 * max_redeem_percent. Medusa then computes tax and refunds net of it.
 */
export const upsertPointsPromotionStep = createStep(
  "loyalty-upsert-points-promotion",
  async ({ state, points }: { state: CartPoints; points: number }, { container }) => {
    const promotions: IPromotionModuleService = container.resolve(Modules.PROMOTION)
    const value = pointsValue(points, state.point_value!).numeric
    const threshold = minimumItemsPrice(points, state.point_value!, state.program.max_redeem_percent)
    const minPrice = MathBN.convert(threshold).toString(10)
    const metadata = { loyalty_points: points, cart_id: state.cart_id }

    const [existing] = await promotions.listPromotions(
      { code: state.promotion_code },
      { relations: ["application_method", "rules", "rules.values"] }
    )
    if (!existing) {
      const [created] = await promotions.createPromotions([{
        code: state.promotion_code,
        type: "standard",
        status: "active",
        is_automatic: false,
        is_tax_inclusive: true,
        limit: 1,
        application_method: {
          type: "fixed",
          target_type: "order",
          allocation: "across",
          value,
          currency_code: state.currency_code,
        },
        rules: [
          { attribute: "customer.id", operator: "eq", values: [state.customer_id] },
          { attribute: "id", operator: "eq", values: [state.cart_id] },
          { attribute: MIN_PRICE_RULE, operator: "gte", values: [minPrice] },
        ],
        metadata,
      } as any])
      return new StepResponse(created as { id: string }, { id: created.id, created: true } as PromotionSnapshot)
    }

    const rule = (existing.rules ?? []).find((r: any) => r.attribute === MIN_PRICE_RULE)
    const before: PromotionSnapshot = {
      id: existing.id,
      created: false,
      status: existing.status,
      value: existing.application_method?.value,
      rule_id: rule?.id,
      rule_values: (rule?.values ?? []).map((v: any) => v.value),
    }
    await promotions.updatePromotions([
      { id: existing.id, status: "active", application_method: { value }, metadata } as any,
    ])
    if (rule) {
      await promotions.updatePromotionRules([{ id: rule.id, values: [minPrice] } as any])
    }
    return new StepResponse(existing as { id: string }, before)
  },
  async (before, { container }) => {
    if (!before) {
      return
    }
    const promotions: IPromotionModuleService = container.resolve(Modules.PROMOTION)
    if (before.created) {
      await promotions.deletePromotions([before.id])
      return
    }
    await promotions.updatePromotions([
      { id: before.id, status: before.status, application_method: { value: before.value } } as any,
    ])
    if (before.rule_id) {
      await promotions.updatePromotionRules([{ id: before.rule_id, values: before.rule_values } as any])
    }
  }
)

/** Takes the cart's points promotion out of use (kept for the record). */
export const deactivatePointsPromotionStep = createStep(
  "loyalty-deactivate-points-promotion",
  async ({ code }: { code: string }, { container }) => {
    const promotions: IPromotionModuleService = container.resolve(Modules.PROMOTION)
    const [existing] = await promotions.listPromotions({ code })
    if (!existing || existing.status === "inactive") {
      return new StepResponse(null, null)
    }
    await promotions.updatePromotions([{ id: existing.id, status: "inactive" } as any])
    return new StepResponse(existing.id, { id: existing.id, status: existing.status })
  },
  async (before, { container }) => {
    if (!before) {
      return
    }
    const promotions: IPromotionModuleService = container.resolve(Modules.PROMOTION)
    await promotions.updatePromotions([{ id: before.id, status: before.status } as any])
  }
)
