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
  AdminBulkRunsParams,
  AdminCreateCampaign,
  AdminCreateRule,
  AdminCreateTier,
  AdminListAccountsParams,
  AdminReportParams,
  AdminApproveReferral,
  AdminDecideReferral,
  AdminListReferralsParams,
  AdminUpdateCampaign,
  AdminUpdateRule,
  AdminUpdateTier,
} from "./admin/loyalty/validators"
import { reconcilePointsBeforeAnswer, releasePointsWhenCodeRemoved } from "./store/carts/reconcile-points-middleware"
import { refuseReferralCouponForExistingCustomers } from "./store/carts/referral-coupon-middleware"
import { StoreApplyCartPoints } from "./store/carts/validators"
import { refuseHoldoutShopper } from "./store/loyalty/holdout-middleware"
import { AdminListReferralSitesParams, AdminRejectReferralSite } from "./admin/loyalty/referrals/sites/validators"
import {
  StoreChangeReferralCode,
  StoreClaimReferral,
  StoreReferralVisit,
  StoreRegisterReferralSite,
  StoreUpdateAccount,
} from "./store/loyalty/validators"
import { ID_ROUTES, loyaltyErrorHandler, refuseUnstorableParams } from "./utils/path-params"
import { EmptyParams, ListPageParams, ListTransactionsParams, storable } from "./validators"

const listQueryConfig = { isList: true, defaultLimit: 20 }

// Every body and query is checked whole first: no NUL character, no key that reaches Object.prototype.
const body = (schema: ZodType) => validateAndTransformBody(storable(schema))
const query = (schema: ZodType, config: Parameters<typeof validateAndTransformQuery>[1]) =>
  validateAndTransformQuery(storable(schema), config)

/** Validation of `/admin/loyalty/<kinds>` and `…/:id`: bodies for POST, no query parameters. */
function recordRoutes(kinds: string, create: ZodType, update: ZodType): MiddlewareRoute[] {
  return [
    { method: ["GET"], matcher: `/admin/loyalty/${kinds}`, middlewares: [query(EmptyParams, {})] },
    { method: ["POST"], matcher: `/admin/loyalty/${kinds}`, middlewares: [body(create)] },
    { method: ["GET", "DELETE"], matcher: `/admin/loyalty/${kinds}/:id`, middlewares: [query(EmptyParams, {})] },
    { method: ["POST"], matcher: `/admin/loyalty/${kinds}/:id`, middlewares: [body(update)] },
  ]
}

export default defineMiddlewares({
  // A malformed escape in a path id fails before any middleware runs: see loyaltyErrorHandler.
  errorHandler: loyaltyErrorHandler,
  routes: [
    // A shopper's own account: a logged-in customer only, and one in the program (not held out).
    {
      matcher: "/store/loyalty/account*",
      middlewares: [authenticate("customer", ["session", "bearer"]), refuseHoldoutShopper],
    },
    {
      method: ["GET"],
      matcher: "/store/loyalty/account/transactions",
      middlewares: [query(ListTransactionsParams, listQueryConfig)],
    },
    {
      method: ["GET"],
      matcher: "/store/loyalty/account",
      middlewares: [query(EmptyParams, {})],
    },
    {
      method: ["POST"],
      matcher: "/store/loyalty/account",
      middlewares: [body(StoreUpdateAccount)],
    },
    // A shopper's own referral code, sites and network: a logged-in customer only. The visit
    // route is not theirs: a storefront reports an arrival before anyone logs in.
    {
      matcher: /^\/store\/loyalty\/referrals(?!\/visit\/?$)/i,
      middlewares: [authenticate("customer", ["session", "bearer"]), refuseHoldoutShopper],
    },
    {
      method: ["POST"],
      matcher: "/store/loyalty/referrals/visit",
      middlewares: [body(StoreReferralVisit)],
    },
    {
      method: ["POST"],
      matcher: "/store/loyalty/referrals/sites",
      middlewares: [body(StoreRegisterReferralSite)],
    },
    {
      method: ["POST"],
      matcher: "/store/loyalty/referrals/sites/:id/verify",
      middlewares: [body(EmptyParams)],
    },
    {
      method: ["GET"],
      matcher: "/store/loyalty/referrals",
      middlewares: [query(ListPageParams, listQueryConfig)],
    },
    {
      method: ["POST"],
      matcher: "/store/loyalty/referrals/code",
      middlewares: [body(StoreChangeReferralCode)],
    },
    {
      method: ["POST"],
      matcher: "/store/loyalty/referrals/claim",
      middlewares: [body(StoreClaimReferral)],
    },
    // A shopper's Telegram chat: a logged-in customer only. The bot's webhook
    // (/hooks/loyalty/telegram) checks Telegram's secret token itself.
    {
      matcher: "/store/loyalty/telegram*",
      middlewares: [authenticate("customer", ["session", "bearer"]), refuseHoldoutShopper],
    },
    {
      method: ["GET", "DELETE"],
      matcher: "/store/loyalty/telegram",
      middlewares: [query(EmptyParams, {})],
    },
    {
      method: ["POST"],
      matcher: "/store/loyalty/telegram/link",
      middlewares: [query(EmptyParams, {}), body(EmptyParams)],
    },
    // Points on a cart: its logged-in owner only, in the program.
    {
      matcher: "/store/carts/:id/loyalty-points",
      middlewares: [authenticate("customer", ["session", "bearer"]), refuseHoldoutShopper],
    },
    {
      method: ["GET", "DELETE"],
      matcher: "/store/carts/:id/loyalty-points",
      middlewares: [query(EmptyParams, {})],
    },
    {
      method: ["POST"],
      matcher: "/store/carts/:id/loyalty-points",
      middlewares: [body(StoreApplyCartPoints)],
    },
    // Medusa's promo-code and cart-transfer routes: the points follow the shopper's change.
    {
      method: ["POST", "DELETE"],
      matcher: "/store/carts/:id/promotions",
      middlewares: [releasePointsWhenCodeRemoved("promotions")],
    },
    {
      method: ["POST"],
      matcher: "/store/carts/:id",
      middlewares: [releasePointsWhenCodeRemoved("cart")],
    },
    // Referral coupons: for new shoppers only (what Medusa's promotion rules cannot test).
    {
      method: ["POST"],
      matcher: "/store/carts/:id/promotions",
      middlewares: [refuseReferralCouponForExistingCustomers],
    },
    {
      method: ["POST"],
      matcher: "/store/carts/:id",
      middlewares: [refuseReferralCouponForExistingCustomers],
    },
    {
      method: ["POST"],
      matcher: "/store/carts/:id/customer",
      middlewares: [reconcilePointsBeforeAnswer],
    },
    {
      method: ["GET"],
      matcher: "/store/loyalty/program",
      // Public; a signed-in shopper who is held out is not shown the program.
      middlewares: [
        authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true }),
        refuseHoldoutShopper,
        query(EmptyParams, {}),
      ],
    },
    // Admin routes are authenticated by Medusa for every /admin path.
    {
      method: ["POST"],
      matcher: "/admin/loyalty/program",
      middlewares: [body(programSettingsPatchSchema)],
    },
    {
      method: ["GET"],
      matcher: "/admin/loyalty/accounts",
      middlewares: [query(AdminListAccountsParams, listQueryConfig)],
    },
    {
      method: ["GET"],
      matcher: "/admin/loyalty/reports",
      middlewares: [query(AdminReportParams, {})],
    },
    {
      method: ["GET"],
      matcher: "/admin/loyalty/reports/export",
      middlewares: [query(AdminReportParams, {})],
    },
    {
      method: ["GET"],
      matcher: "/admin/loyalty/exports/members",
      middlewares: [query(EmptyParams, {})],
    },
    {
      method: ["GET"],
      matcher: "/admin/loyalty/exports/ledger",
      middlewares: [query(AdminReportParams, {})],
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
      method: ["GET"],
      matcher: "/admin/loyalty/bulk-adjustments",
      middlewares: [query(AdminBulkRunsParams, {})],
    },
    {
      method: ["POST"],
      matcher: "/admin/loyalty/bulk-adjustments",
      middlewares: [body(AdminBulkAdjustment)],
    },
    {
      method: ["GET"],
      matcher: "/admin/loyalty/referrals",
      middlewares: [query(AdminListReferralsParams, listQueryConfig)],
    },
    {
      method: ["POST"],
      matcher: "/admin/loyalty/referrals/:id/approve",
      middlewares: [body(AdminApproveReferral)],
    },
    {
      method: ["POST"],
      matcher: "/admin/loyalty/referrals/:id/reject",
      middlewares: [body(AdminDecideReferral)],
    },
    {
      method: ["POST"],
      matcher: "/admin/loyalty/referrals/:id/unbind",
      middlewares: [body(AdminDecideReferral)],
    },
    {
      method: ["GET"],
      matcher: "/admin/loyalty/referrals/sites",
      middlewares: [query(AdminListReferralSitesParams, listQueryConfig)],
    },
    {
      method: ["POST"],
      matcher: "/admin/loyalty/referrals/sites/:id/approve",
      middlewares: [body(EmptyParams)],
    },
    {
      method: ["POST"],
      matcher: "/admin/loyalty/referrals/sites/:id/reject",
      middlewares: [body(AdminRejectReferralSite)],
    },
    ...recordRoutes("tiers", AdminCreateTier, AdminUpdateTier),
    ...recordRoutes("campaigns", AdminCreateCampaign, AdminUpdateCampaign),
    ...recordRoutes("rules", AdminCreateRule, AdminUpdateRule),
    {
      method: ["GET"],
      matcher: "/admin/customers/:id/loyalty/transactions",
      middlewares: [query(ListTransactionsParams, listQueryConfig)],
    },
    {
      method: ["GET"],
      matcher: "/admin/customers/:id/loyalty/referrals",
      middlewares: [query(ListPageParams, listQueryConfig)],
    },
    {
      method: ["POST"],
      matcher: "/admin/customers/:id/loyalty/adjustments",
      middlewares: [body(AdminCreateAdjustment)],
    },
    // A path id is a string the routes filter by, like any other.
    ...ID_ROUTES.map((matcher) => ({ matcher, middlewares: [refuseUnstorableParams] })),
  ],
})
