import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { LOYALTY_MODULE } from "../../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../../types/loyalty"
import { referralPartiesOf } from "../../../utils/referral-network"
import type { AdminListReferralsParamsType } from "../validators"

/** Names and e-mails of these customers (admins see them unmasked), by id; a customer gone since shows by id alone. */
async function partiesOf(req: AuthenticatedMedusaRequest, customerIds: string[]) {
  const byId = await referralPartiesOf(req.scope, customerIds)
  return (id: string | null) =>
    id ? (byId.get(id) ?? { customer_id: id, first_name: null, last_name: null, email: null }) : null
}

/**
 * The referral review queue: referrals (filter by status, or rewarded) newest
 * first with both parties and the flag and review, or with `refused=true` the
 * refused claims, newest first, with who tried whose code and why.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { status, rewarded, refused, limit, offset } = req.validatedQuery as AdminListReferralsParamsType
  const loyalty: ILoyaltyModuleService = req.scope.resolve(LOYALTY_MODULE)
  if (refused) {
    const [refusals, count] = await loyalty.listAndCountLoyaltyReferralRefusals({}, { order: { created_at: "DESC", id: "DESC" }, skip: offset, take: limit })
    const referrerAccounts = refusals.map((r) => r.referrer_account_id).filter((id): id is string => !!id)
    const accounts = referrerAccounts.length ? await loyalty.listLoyaltyAccounts({ id: referrerAccounts }, { select: ["id", "customer_id"] }) : []
    const customerOfAccount = new Map(accounts.map((a) => [a.id, a.customer_id]))
    const party = await partiesOf(req, [...refusals.map((r) => r.customer_id), ...customerOfAccount.values()])
    res.json({
      refusals: refusals.map(({ id, code, reason, created_at, customer_id, referrer_account_id }) => ({
        id,
        code,
        reason,
        created_at,
        shopper: party(customer_id),
        referrer: party(referrer_account_id ? (customerOfAccount.get(referrer_account_id) ?? null) : null),
      })),
      count,
      limit,
      offset,
    })
    return
  }
  const { referrals, count } = await loyalty.listReferralQueue({ status, rewarded }, { skip: offset, take: limit })
  const party = await partiesOf(req, referrals.flatMap((r) => [r.referee_customer_id, r.referrer_customer_id]))
  res.json({
    referrals: referrals.map((r) => ({
      id: r.id,
      status: r.status,
      source: r.source,
      code: r.code,
      bound_at: r.bound_at,
      referee: party(r.referee_customer_id),
      referrer: party(r.referrer_customer_id),
      rewarded: r.reward_points > 0,
      reward_points: r.reward_points,
      flag_reason: r.flag_reason,
      flagged_at: r.flagged_at,
      review_deadline_at: r.review_deadline_at,
      reviewed_at: r.reviewed_at,
      reviewed_by: r.reviewed_by,
      review_note: r.review_note,
    })),
    count,
    limit,
    offset,
  })
}
