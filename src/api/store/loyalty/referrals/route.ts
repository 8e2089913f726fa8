import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { maskedName } from "../../../../lib/referral-code"
import { shopperReferralStatus } from "../../../../lib/referral-review"
import { LOYALTY_MODULE } from "../../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../../types/loyalty"
import { loadAccountViewWithCode } from "../../../utils/account-view"
import type { ListPageParamsType } from "../../../validators"

/**
 * The shopper's network: their code and link, and a page of the friends they
 * brought (initials only), each with their orders and the points they brought.
 * A flagged invitee shows as `in_review`, without why; rejected and unbound as they are.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, ListPageParamsType>, res: MedusaResponse) {
  const customerId = req.auth_context.actor_id
  const { limit, offset } = req.validatedQuery as ListPageParamsType
  const loyalty: ILoyaltyModuleService = req.scope.resolve(LOYALTY_MODULE)
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const account = await loadAccountViewWithCode(req.scope, customerId)
  const network = await loyalty.retrieveReferralNetwork(customerId, { skip: offset, take: limit })
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
