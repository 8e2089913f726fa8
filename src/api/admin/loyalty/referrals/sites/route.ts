import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { LOYALTY_MODULE } from "../../../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../../../types/loyalty"
import type { AdminListReferralSitesParamsType } from "./validators"

/** Referring sites for the store's review, oldest first (the queue: `?status=verified`), with their owners. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminListReferralSitesParamsType>, res: MedusaResponse) {
  const { status, limit, offset } = req.validatedQuery as AdminListReferralSitesParamsType
  const loyalty: ILoyaltyModuleService = req.scope.resolve(LOYALTY_MODULE)
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const [sites, count] = await loyalty.listAndCountLoyaltyReferralSites(status ? { status } : {}, {
    skip: offset,
    take: limit,
    order: { created_at: "ASC", id: "ASC" },
  })
  const accountIds = [...new Set(sites.map((site) => site.account_id))]
  const accounts = accountIds.length ? await loyalty.listLoyaltyAccounts({ id: accountIds }) : []
  const customerOf = new Map(accounts.map((account) => [account.id, account.customer_id]))
  const customerIds = [...new Set(accounts.map((account) => account.customer_id))]
  const { data: customers } = customerIds.length
    ? await query.graph({ entity: "customer", fields: ["id", "email", "first_name", "last_name"], filters: { id: customerIds } })
    : { data: [] }
  const customerById = new Map(customers.map((customer: any) => [customer.id, customer]))
  res.json({
    sites: sites.map(({ token: _token, ...site }) => ({ ...site, customer: customerById.get(customerOf.get(site.account_id) ?? "") ?? null })),
    count,
    limit,
    offset,
  })
}
