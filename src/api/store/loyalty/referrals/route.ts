import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { maskedName } from "../../../../lib/referral-code"
import { shopperReferralStatus } from "../../../../lib/referral-review"
import { LOYALTY_MODULE } from "../../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../../types/loyalty"
import { ensureReferralCouponWorkflow } from "../../../../workflows/referrals/workflows/ensure-referral-coupon"
import { loadAccountViewWithCode } from "../../../utils/account-view"
import { shopperSiteView } from "../../../utils/referral-site-view"
import type { ListPageParamsType } from "../../../validators"

/**
 * The shopper's network: their code, link, referral coupon code (made on
 * this first read while referral coupons are on; null while they are off) and
 * referring sites, and a page of the friends they brought (initials only),
 * each with their orders and the points they brought.
 * A flagged invitee shows as `in_review`, without why; rejected and unbound as they are.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, ListPageParamsType>, res: MedusaResponse) {
  const customerId = req.auth_context.actor_id
  const { limit, offset } = req.validatedQuery as ListPageParamsType
  const loyalty: ILoyaltyModuleService = req.scope.resolve(LOYALTY_MODULE)
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const account = await loadAccountViewWithCode(req.scope, customerId)
  const { result: couponCode } = await ensureReferralCouponWorkflow(req.scope).run({ input: { customer_id: customerId } })
  const [network, sites] = await Promise.all([
    loyalty.retrieveReferralNetwork(customerId, { skip: offset, take: limit }),
    loyalty.listReferralSitesOfCustomer(customerId),
  ])
  const ids = network.invitees.map((invitee) => invitee.customer_id)
  const [{ data: customers }, { data: orders }] = ids.length
    ? await Promise.all([
        query.graph({ entity: "customer", fields: ["id", "first_name", "last_name"], filters: { id: ids } }),
        query.graph({
          entity: "order",
          fields: ["id", "customer_id"],
          filters: { customer_id: ids, status: { $nin: ["canceled", "draft"] }, is_draft_order: false },
        }),
      ])
    : [{ data: [] }, { data: [] }]
  const names = new Map(customers.map((c: any) => [c.id, maskedName(c.first_name, c.last_name)]))
  const ordersOf = (id: string) => orders.filter((o: any) => o.customer_id === id).length
  res.json({
    referral_code: account.referral_code,
    referral_link: account.referral_link,
    coupon_code: couponCode,
    sites: sites.map(shopperSiteView),
    invitees: network.invitees.map(({ id, customer_id, status, source, bound_at, points_pending, points_earned }) => ({
      id,
      name: names.get(customer_id) ?? maskedName(null, null),
      status: shopperReferralStatus(status),
      source,
      bound_at,
      orders: ordersOf(customer_id),
      points_pending,
      points_earned,
    })),
    totals: network.totals,
    count: network.count,
    limit,
    offset,
  })
}
