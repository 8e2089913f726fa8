import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { LOYALTY_MODULE } from "../../../../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../../../../types/loyalty"
import { loadAccountView } from "../../../../../utils/account-view"
import { retrieveCustomerOrThrow } from "../../../../../utils/customer"
import { loadReferralNetwork, loadReferredBy } from "../../../../../utils/referral-network"
import type { ListPageParamsType } from "../../../../../validators"

/**
 * The customer's referrals as an admin sees them: who referred them (`referred_by`, null for
 * no one), their code and link, their referring sites, and a page of the shoppers they
 * brought, newest first, with names and e-mails, each referral's real status and flag
 * reason, orders and the points each brought; and whether the program runs referrals now.
 * A read: it gives no code and makes no coupon.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, ListPageParamsType>, res: MedusaResponse) {
  const customerId = req.params.id
  await retrieveCustomerOrThrow(req.scope, customerId)
  const { limit, offset } = req.validatedQuery as ListPageParamsType
  const loyalty: ILoyaltyModuleService = req.scope.resolve(LOYALTY_MODULE)
  const [settings, account, network, referredBy] = await Promise.all([
    loyalty.getProgramSettings(),
    loadAccountView(req.scope, customerId),
    loadReferralNetwork(req.scope, customerId, { limit, offset }),
    loadReferredBy(req.scope, customerId),
  ])
  res.json({
    referrals_enabled: settings.referrals.enabled,
    referral_code: account.referral_code,
    referral_link: account.referral_link,
    referred_by: referredBy && {
      id: referredBy.referral.id,
      status: referredBy.referral.status,
      source: referredBy.referral.source,
      code: referredBy.referral.code,
      bound_at: referredBy.referral.bound_at,
      flag_reason: referredBy.referral.flag_reason,
      flagged_at: referredBy.referral.flagged_at,
      reviewed_at: referredBy.referral.reviewed_at,
      review_note: referredBy.referral.review_note,
      referrer: referredBy.referrer,
    },
    sites: network.sites.map(({ id, origin, status, verified_at, approved_at, rejected_at, review_note, created_at }) => ({
      id,
      origin,
      status,
      verified_at,
      approved_at,
      rejected_at,
      review_note,
      created_at,
    })),
    invitees: network.invitees.map(({ id, customer_id, customer, status, flag_reason, flagged_at, source, bound_at, orders, points_pending, points_earned }) => ({
      id,
      customer_id,
      first_name: customer?.first_name ?? null,
      last_name: customer?.last_name ?? null,
      email: customer?.email ?? null,
      status,
      flag_reason,
      flagged_at,
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
