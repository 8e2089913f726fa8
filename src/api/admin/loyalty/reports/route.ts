import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { liabilityPerCurrency, repeatPurchaseRates } from "../../../../lib"
import { LOYALTY_MODULE } from "../../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../../types/loyalty"
import type { AdminReportParamsType } from "../validators"
import { holdoutComparison } from "./holdout"

const ORDER_PAGE = 1000

/**
 * The program's report for a period: points issued, spent, expired and
 * reversed per month; outstanding points and what they are worth in each
 * currency; members and active members; and how often members order again
 * compared with other customers.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { from, to } = req.validatedQuery as unknown as AdminReportParamsType
  const loyalty: ILoyaltyModuleService = req.scope.resolve(LOYALTY_MODULE)
  const [figures, settings, orderCustomerIds, holdout] = await Promise.all([
    loyalty.programFigures(from, to),
    loyalty.getProgramSettings(),
    customersOfOrders(req, from, to),
    holdoutComparison(req.scope.resolve(ContainerRegistrationKeys.PG_CONNECTION), { from, to }),
  ])
  const members = await loyalty.customersWithAccounts([...new Set(orderCustomerIds)])
  res.json({
    report: {
      from: from.toISOString(),
      to: to.toISOString(),
      ...figures,
      liability: liabilityPerCurrency(figures.outstanding_points, settings.point_values),
      repeat_purchase: repeatPurchaseRates(orderCustomerIds, (id) => members.has(id)),
      holdout,
    },
  })
}

/** The customer of every order placed in the period, read page by page. */
async function customersOfOrders(req: AuthenticatedMedusaRequest, from: Date, to: Date) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const customerIds: string[] = []
  for (let skip = 0; ; skip += ORDER_PAGE) {
    const { data } = await query.graph({
      entity: "order",
      fields: ["customer_id"],
      filters: { created_at: { $gte: from, $lt: to } },
      pagination: { skip, take: ORDER_PAGE, order: { id: "ASC" } },
    })
    customerIds.push(...data.map((order) => order.customer_id).filter((id): id is string => !!id))
    if (data.length < ORDER_PAGE) {
      return customerIds
    }
  }
}
