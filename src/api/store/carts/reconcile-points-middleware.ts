import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { reconcileCartPoints } from "../../../workflows/checkout/reconcile-cart-points"

/**
 * For Medusa's own cart routes whose change the points must follow before the shopper sees the
 * answer: `/store/carts/:id/promotions` emits no event at all, so a points code taken off in a
 * storefront's promo-code box would leave its points held; `/store/carts/:id/customer` hands
 * the cart to another shopper, whose estimate must not count the first owner's hold. Once the
 * route is done (and has refreshed the payment collection), the cart's points are reconciled
 * as after any other cart change, and only then does the answer go out.
 */
export function reconcilePointsBeforeAnswer(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const send = res.json.bind(res)
  res.json = ((body: unknown) => {
    if (res.statusCode >= 400) {
      return send(body)
    }
    reconcileCartPoints(req.scope, req.params.id)
      .catch((error: Error) => {
        req.scope
          .resolve(ContainerRegistrationKeys.LOGGER)
          .warn(`medusa-loyalty: could not reconcile the points on cart ${req.params.id}: ${error.message}`)
      })
      .finally(() => send(body))
    return res
  }) as MedusaResponse["json"]
  next()
}
