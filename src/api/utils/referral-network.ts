import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { LOYALTY_MODULE } from "../../modules/loyalty"
import type { ILoyaltyModuleService, LoyaltyReferralDTO, LoyaltyReferralSiteDTO, ReferralNetwork } from "../../types/loyalty"

/** A shopper as Medusa knows them: what the store masks and the admin shows. */
export type ReferralParty = { customer_id: string; first_name: string | null; last_name: string | null; email: string | null }

export type ReferralNetworkPage = {
  sites: LoyaltyReferralSiteDTO[]
  /** The page of invitees, each with who they are (null for a customer gone since) and their orders. */
  invitees: (ReferralNetwork["invitees"][number] & { customer: ReferralParty | null; orders: number })[]
  totals: ReferralNetwork["totals"]
  count: number
}

/** Names and e-mails of these customers by id. */
export async function referralPartiesOf(scope: MedusaContainer, customerIds: string[]): Promise<Map<string, ReferralParty>> {
  const ids = [...new Set(customerIds)]
  if (!ids.length) {
    return new Map()
  }
  const { data } = await scope.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "customer",
    fields: ["id", "first_name", "last_name", "email"],
    filters: { id: ids },
  })
  return new Map(
    data.map((c: any) => [
      c.id,
      { customer_id: c.id, first_name: c.first_name ?? null, last_name: c.last_name ?? null, email: c.email ?? null },
    ])
  )
}

/**
 * A referrer's network as both the store and the admin read it: their referring sites and a
 * page of their invitees (newest first) with who each is and how many orders they placed
 * (not canceled, not drafts), and the totals. Reads only; each route decides what to show.
 */
export async function loadReferralNetwork(
  scope: MedusaContainer,
  customerId: string,
  { limit, offset }: { limit: number; offset: number }
): Promise<ReferralNetworkPage> {
  const loyalty: ILoyaltyModuleService = scope.resolve(LOYALTY_MODULE)
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const [network, sites] = await Promise.all([
    loyalty.retrieveReferralNetwork(customerId, { skip: offset, take: limit }),
    loyalty.listReferralSitesOfCustomer(customerId),
  ])
  const ids = network.invitees.map((invitee) => invitee.customer_id)
  const [parties, { data: orders }] = await Promise.all([
    referralPartiesOf(scope, ids),
    ids.length
      ? query.graph({
          entity: "order",
          fields: ["id", "customer_id"],
          filters: { customer_id: ids, status: { $nin: ["canceled", "draft"] }, is_draft_order: false },
        })
      : Promise.resolve({ data: [] as any[] }),
  ])
  const ordersOf = (id: string) => orders.filter((o: any) => o.customer_id === id).length
  return {
    sites,
    invitees: network.invitees.map((invitee) => ({
      ...invitee,
      customer: parties.get(invitee.customer_id) ?? null,
      orders: ordersOf(invitee.customer_id),
    })),
    totals: network.totals,
    count: network.count,
  }
}

/**
 * The referral that binds this customer as a referee (there is at most one, for good), with
 * the referrer as Medusa knows them (only the id for a customer gone since); null for a
 * customer no one referred.
 */
export async function loadReferredBy(
  scope: MedusaContainer,
  customerId: string
): Promise<{ referral: LoyaltyReferralDTO; referrer: ReferralParty | null } | null> {
  const loyalty: ILoyaltyModuleService = scope.resolve(LOYALTY_MODULE)
  const [account] = await loyalty.listLoyaltyAccounts({ customer_id: customerId }, { select: ["id"] })
  if (!account) {
    return null
  }
  const [referral] = await loyalty.listLoyaltyReferrals({ referee_account_id: account.id })
  if (!referral) {
    return null
  }
  const [referrerAccount] = await loyalty.listLoyaltyAccounts({ id: referral.referrer_account_id }, { select: ["id", "customer_id"] })
  if (!referrerAccount) {
    return { referral, referrer: null }
  }
  const parties = await referralPartiesOf(scope, [referrerAccount.customer_id])
  const none = { first_name: null, last_name: null, email: null }
  return { referral, referrer: parties.get(referrerAccount.customer_id) ?? { customer_id: referrerAccount.customer_id, ...none } }
}
