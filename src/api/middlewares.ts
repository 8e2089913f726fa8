import {
  authenticate,
  defineMiddlewares,
  type MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import type { ZodType } from "@medusajs/framework/zod"
import { programSettingsPatchSchema } from "../modules/loyalty/program-settings"
import { AdminCreateAdjustment } from "./admin/customers/validators"
import {
  AdminBulkAdjustment,
  AdminCreateCampaign,
  AdminCreateRule,
  AdminCreateTier,
  AdminListAccountsParams,
  AdminReportParams,
  AdminUpdateCampaign,
  AdminUpdateRule,
  AdminUpdateTier,
} from "./admin/loyalty/validators"
import { reconcilePointsBeforeAnswer, releasePointsWhenCodeRemoved } from "./store/carts/reconcile-points-middleware"
import { StoreApplyCartPoints } from "./store/carts/validators"
import { StoreUpdateAccount } from "./store/loyalty/validators"
import { EmptyParams, ListTransactionsParams } from "./validators"

const listQueryConfig = { isList: true, defaultLimit: 20 }

/** Validation of `/admin/loyalty/<kinds>` and `…/:id`: bodies for POST, no query parameters. */
function recordRoutes(kinds: string, create: ZodType, update: ZodType): MiddlewareRoute[] {
  return [
    { method: ["GET"], matcher: `/admin/loyalty/${kinds}`, middlewares: [validateAndTransformQuery(EmptyParams, {})] },
    { method: ["POST"], matcher: `/admin/loyalty/${kinds}`, middlewares: [validateAndTransformBody(create)] },
    { method: ["GET", "DELETE"], matcher: `/admin/loyalty/${kinds}/:id`, middlewares: [validateAndTransformQuery(EmptyParams, {})] },
    { method: ["POST"], matcher: `/admin/loyalty/${kinds}/:id`, middlewares: [validateAndTransformBody(update)] },
  ]
}

export default defineMiddlewares({
  routes: [
    // A shopper's own account: a logged-in customer only.
    {
      matcher: "/store/loyalty/account*",
      middlewares: [authenticate("customer", ["session", "bearer"])],
    },
    {
      method: ["GET"],
      matcher: "/store/loyalty/account/transactions",
      middlewares: [validateAndTransformQuery(ListTransactionsParams, listQueryConfig)],
    },
    {
      method: ["GET"],
      matcher: "/store/loyalty/account",
      middlewares: [validateAndTransformQuery(EmptyParams, {})],
    },
    {
      method: ["POST"],
      matcher: "/store/loyalty/account",
      middlewares: [validateAndTransformBody(StoreUpdateAccount)],
    },
    // Points on a cart: its logged-in owner only.
    {
      matcher: "/store/carts/:id/loyalty-points",
      middlewares: [authenticate("customer", ["session", "bearer"])],
    },
    {
      method: ["GET", "DELETE"],
      matcher: "/store/carts/:id/loyalty-points",
      middlewares: [validateAndTransformQuery(EmptyParams, {})],
    },
    {
      method: ["POST"],
      matcher: "/store/carts/:id/loyalty-points",
      middlewares: [validateAndTransformBody(StoreApplyCartPoints)],
    },
    // Medusa's promo-code and cart-transfer routes: the points follow the shopper's change.
    {
      method: ["POST", "DELETE"],
      matcher: "/store/carts/:id/promotions",
      middlewares: [releasePointsWhenCodeRemoved],
    },
    {
      method: ["POST"],
      matcher: "/store/carts/:id",
      middlewares: [releasePointsWhenCodeRemoved],
    },
    {
      method: ["POST"],
      matcher: "/store/carts/:id/customer",
      middlewares: [reconcilePointsBeforeAnswer],
    },
    {
      method: ["GET"],
      matcher: "/store/loyalty/program",
      middlewares: [validateAndTransformQuery(EmptyParams, {})],
    },
    // Admin routes are authenticated by Medusa for every /admin path.
    {
      method: ["POST"],
      matcher: "/admin/loyalty/program",
      middlewares: [validateAndTransformBody(programSettingsPatchSchema)],
    },
    {
      method: ["GET"],
      matcher: "/admin/loyalty/accounts",
      middlewares: [validateAndTransformQuery(AdminListAccountsParams, listQueryConfig)],
    },
    {
      method: ["GET"],
      matcher: "/admin/loyalty/reports",
      middlewares: [validateAndTransformQuery(AdminReportParams, {})],
    },
    {
      method: ["GET", "POST"],
      matcher: "/admin/loyalty/health",
      middlewares: [validateAndTransformQuery(EmptyParams, {})],
    },
    {
      method: ["POST"],
      matcher: "/admin/loyalty/health",
      middlewares: [validateAndTransformBody(EmptyParams)],
    },
    {
      method: ["POST"],
      matcher: "/admin/loyalty/bulk-adjustments",
      middlewares: [validateAndTransformBody(AdminBulkAdjustment)],
    },
    ...recordRoutes("tiers", AdminCreateTier, AdminUpdateTier),
    ...recordRoutes("campaigns", AdminCreateCampaign, AdminUpdateCampaign),
    ...recordRoutes("rules", AdminCreateRule, AdminUpdateRule),
    {
      method: ["GET"],
      matcher: "/admin/customers/:id/loyalty/transactions",
      middlewares: [validateAndTransformQuery(ListTransactionsParams, listQueryConfig)],
    },
    {
      method: ["POST"],
      matcher: "/admin/customers/:id/loyalty/adjustments",
      middlewares: [validateAndTransformBody(AdminCreateAdjustment)],
    },
  ],
})
