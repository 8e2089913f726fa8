import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminReportParamsType } from "../validators"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { holdoutComparison } from "./holdout"
import { loadReport } from "./report"

/**
 * The program's report for a period (README, "Reports"): points per month;
 * participation, redemption, expiry and breakage; repeat purchases, order value
 * and orders per customer of members who redeemed, members who did not and
 * non-members; outstanding liability and the program's cost against members'
 * revenue per currency. Every figure is added up in PostgreSQL (queries.ts).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { from, to } = req.validatedQuery as unknown as AdminReportParamsType
  const [report, holdout] = await Promise.all([
    loadReport(req.scope, from, to),
    holdoutComparison(req.scope.resolve(ContainerRegistrationKeys.PG_CONNECTION), { from, to }),
  ])
  res.json({ report: { ...report, holdout } })
}
