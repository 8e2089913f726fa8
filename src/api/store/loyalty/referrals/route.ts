import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { maskedName } from "../../../../lib/referral-code"
import { shopperReferralStatus } from "../../../../lib/referral-review"
import { ensureReferralCouponWorkflow } from "../../../../workflows/referrals/workflows/ensure-referral-coupon"
import { loadAccountViewWithCode } from "../../../utils/account-view"
import { loadReferralNetwork } from "../../../utils/referral-network"
import { shopperSiteView } from "../../../utils/referral-site-view"
import { keepShopperDevice } from "../../../utils/shopper-device"
import type { ListPageParamsType } from "../../../validators"

/**
 * The shopper's network: their code, link, referral coupon code (made on
 * this first read while referral coupons are on; null while they are off) and
 * referring sites, and a page of the friends they brought (initials only),
 * each with their orders and the points they brought. The device the shopper
 * reads it from is kept beside the read (utils/shopper-device.ts).
 * A flagged invitee shows as `in_review`, without why; rejected and unbound as they are.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, ListPageParamsType>, res: MedusaResponse) {
  const customerId = req.auth_context.actor_id
  const { limit, offset } = req.validatedQuery as ListPageParamsType
  const [account] = await Promise.all([loadAccountViewWithCode(req.scope, customerId), keepShopperDevice(req)])
  const { result: couponCode } = await ensureReferralCouponWorkflow(req.scope).run({ input: { customer_id: customerId } })
  const network = await loadReferralNetwork(req.scope, customerId, { limit, offset })
  res.json({
    referral_code: account.referral_code,
    referral_link: account.referral_link,
    coupon_code: couponCode,
    sites: network.sites.map(shopperSiteView),
    invitees: network.invitees.map(({ id, customer, status, source, bound_at, orders, points_pending, points_earned }) => ({
      id,
      name: maskedName(customer?.first_name, customer?.last_name),
      status: shopperReferralStatus(status),
      source,
      bound_at,
      orders,
      points_pending,
      points_earned,
    })),
    totals: network.totals,
    count: network.count,
    limit,
    offset,
  })
}
