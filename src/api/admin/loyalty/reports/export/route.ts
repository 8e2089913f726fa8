import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { json2csv } from "json-2-csv"
import { csvRecords } from "../../../../../lib/csv-cells"
import { REPORT_CSV_COLUMNS, reportCsvRows } from "../../../../../lib/reports"
import { exportFilename } from "../../../../utils/exports"
import type { AdminReportParamsType } from "../../validators"
import { loadReport } from "../report"

/**
 * The report of `GET /admin/loyalty/reports` for the same period as CSV, one
 * figure a row (a few hundred rows at most: sent whole, not streamed).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { from, to } = req.validatedQuery as unknown as AdminReportParamsType
  const rows = reportCsvRows(await loadReport(req.scope, from, to))
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="${exportFilename("loyalty-report", from, to)}"`)
  res.setHeader("Cache-Control", "no-store")
  res.setHeader("Access-Control-Expose-Headers", "content-disposition")
  const body = json2csv(csvRecords(rows, REPORT_CSV_COLUMNS), { keys: [...REPORT_CSV_COLUMNS] })
  res.status(200).send(`\uFEFF${body}\n`)
}
