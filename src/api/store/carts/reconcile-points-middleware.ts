import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IPromotionModuleService } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"
import { reconcileCartPoints } from "../../../workflows/checkout/reconcile-cart-points"
import { removeCartPointsWorkflow } from "../../../workflows/checkout/workflows/remove-cart-points"
import { asCartBusy } from "./cart-busy"

/**
 * A storefront's promo-code box may take the points code off through Medusa's own routes:
 * `DELETE /store/carts/:id/promotions` naming it, `POST /store/carts/:id/promotions` with no
 * codes (a replace), or `POST /store/carts/:id` with a `promo_codes` list without it. That is
 * the shopper's word, so the points come off (hold released, payment collection refreshed)
 * before Medusa's route runs; the route then finds the code gone. A later cart change can
 * then never mistake the removal for a discount Medusa dropped.
 */
export function releasePointsWhenCodeRemoved(route: "cart" | "promotions") {
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    const listed = (req.body as any)?.promo_codes
    if (!Array.isArray(listed)) {
      return next()
    }
    try {
      const code = await heldPointsCode(req, req.params.id)
      if (code && removesCode(req.method, route, listed, code) && (await otherCodesExist(req, listed, code))) {
        await removeCartPointsWorkflow(req.scope).run({ input: { cart_id: req.params.id, customer_id: null } })
      }
      next()
    } catch (error) {
      next(asCartBusy(error, req.params.id))
    }
  }
}

function removesCode(method: string, route: "cart" | "promotions", listed: unknown[], code: string) {
  const named = listed.some((c) => typeof c === "string" && c.toUpperCase() === code.toUpperCase())
  if (method === "DELETE") {
    return named
  }
  // POST …/promotions adds unless the list is empty; POST /store/carts/:id replaces the list.
  return route === "promotions" ? listed.length === 0 : !named
}

/**
 * Medusa refuses the whole request when a listed code does not exist; then the points must
 * stay too. (Other refusals, e.g. an address outside the region, still find them taken off.)
 */
async function otherCodesExist(req: MedusaRequest, listed: unknown[], code: string) {
  const others = listed.filter((c): c is string => typeof c === "string" && c.toUpperCase() !== code.toUpperCase())
  if (!others.length) {
    return true
  }
  const promotions: IPromotionModuleService = req.scope.resolve(Modules.PROMOTION)
  const found = await promotions.listPromotions({ code: others }, { select: ["id", "code"] })
  return found.length >= new Set(others).size
}

async function heldPointsCode(req: MedusaRequest, cartId: string) {
  const loyalty: ILoyaltyModuleService = req.scope.resolve(LOYALTY_MODULE)
  const [hold] = await loyalty.listLoyaltyReservations({ cart_id: cartId, status: "active" })
  if (!hold?.promotion_id) {
    return null
  }
  const promotions: IPromotionModuleService = req.scope.resolve(Modules.PROMOTION)
  const [promotion] = await promotions.listPromotions({ id: hold.promotion_id })
  return promotion?.code ?? null
}

/**
 * `POST /store/carts/:id/customer` hands the cart to another shopper: before the answer goes
 * out, the first owner's hold goes back to them (the route emits its event only afterwards),
 * and the answer shows the cart as it is then.
 */
export function reconcilePointsBeforeAnswer(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const send = res.json.bind(res)
  res.json = ((body: any) => {
    if (res.statusCode >= 400) {
      return send(body)
    }
    reconcileCartPoints(req.scope, req.params.id)
      .then(async (outcome) => {
        if (outcome === "none" || outcome === "kept" || !body?.cart) {
          return body
        }
        const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
        const fields = (req as any).queryConfig?.fields ?? ["*"]
        const { data } = await query.graph({ entity: "cart", fields, filters: { id: req.params.id } })
        return { ...body, cart: data[0] ?? body.cart }
      })
      .catch((error: Error) => {
        req.scope
          .resolve(ContainerRegistrationKeys.LOGGER)
          .warn(`medusa-loyalty: could not settle the points on cart ${req.params.id} after it changed hands: ${error.message}`)
        return body
      })
      .then((answer) => send(answer))
    return res
  }) as MedusaResponse["json"]
  next()
}
