import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { programReport } from "../../../../lib/reports"
import { LOYALTY_MODULE } from "../../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../../types/loyalty"
import { readReportRows } from "./queries"

/** The program's report for [from, to): the database adds up, the program's point values price. */
export async function loadReport(scope: MedusaContainer, from: Date, to: Date) {
  const loyalty: ILoyaltyModuleService = scope.resolve(LOYALTY_MODULE)
  const [rows, settings] = await Promise.all([
    readReportRows(scope.resolve(ContainerRegistrationKeys.PG_CONNECTION), from, to, new Date()),
    loyalty.getProgramSettings(),
  ])
  return { from: from.toISOString(), to: to.toISOString(), ...programReport(rows, settings.point_values) }
}
