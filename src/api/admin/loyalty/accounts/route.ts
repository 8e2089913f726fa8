import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { AdminListAccountsParamsType } from "../validators"

/** Most customers a search matches that the list considers. */
const SEARCH_LIMIT = 1000

const ACCOUNT_FIELDS = [
  "id",
  "customer_id",
  "balance",
  "pending",
  "reserved",
  "lifetime_earned",
  "lifetime_spent",
  "tier_id",
  "last_activity_at",
  "created_at",
  "customer.email",
  "customer.first_name",
  "customer.last_name",
]

/** Loyalty accounts with their customers' names and emails: search by name or email, filter by tier, sort. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { q, tier_id, order, limit, offset } = req.validatedQuery as AdminListAccountsParamsType
  const filters: Record<string, unknown> = {}
  if (tier_id) {
    filters.tier_id = tier_id
  }
  if (q) {
    // The customer module searches names and emails; accounts are then those customers'.
    const customers = await req.scope
      .resolve(Modules.CUSTOMER)
      .listCustomers({ q }, { select: ["id"], take: SEARCH_LIMIT })
    filters.customer_id = customers.map((customer) => customer.id)
  }
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: accounts, metadata } = await query.graph({
    entity: "loyalty_account",
    fields: ACCOUNT_FIELDS,
    filters,
    pagination: {
      skip: offset,
      take: limit,
      order: { [order.replace(/^-/, "")]: order.startsWith("-") ? "DESC" : "ASC", id: "ASC" },
    },
  })
  res.json({ accounts, count: metadata?.count ?? accounts.length, limit, offset })
}
