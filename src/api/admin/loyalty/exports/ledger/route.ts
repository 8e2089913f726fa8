import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { LOYALTY_MODULE } from "../../../../../modules/loyalty"
import type { ILoyaltyModuleService, LedgerExportCursor } from "../../../../../types/loyalty"
import { customersById } from "../../../../utils/customer"
import { EXPORT_PAGE, exportFilename, LEDGER_COLUMNS, prefetchPages } from "../../../../utils/exports"
import { streamCsv } from "../../../../utils/csv-stream"
import type { AdminReportParamsType } from "../../validators"

/**
 * The ledger rows written in a period (`from`, `to`, as the report takes
 * them) as CSV, by customer, then time, each with the customer's e-mail.
 * Streamed page by page (bounded memory at any size).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { from, to } = req.validatedQuery as unknown as AdminReportParamsType
  const loyalty: ILoyaltyModuleService = req.scope.resolve(LOYALTY_MODULE)
  await streamCsv(req, res, {
    filename: exportFilename("loyalty-ledger", from, to),
    columns: LEDGER_COLUMNS,
    total: await loyalty.countExportRows({ from, to }),
    pages: ledgerPages(req.scope, loyalty, from, to),
  })
}

/** The period's rows page by page, each with its customer's e-mail; the next page is read while this one is written. */
async function* ledgerPages(scope: MedusaContainer, loyalty: ILoyaltyModuleService, from: Date, to: Date) {
  const readPage = async (after: LedgerExportCursor | null) => {
    const rows = await loyalty.exportLedgerPage({ from, to, after, limit: EXPORT_PAGE })
    const customers = await customersById(scope, rows.map((row) => row.customer_id))
    return rows.map((row) => ({ ...row, email: customers.get(row.customer_id)?.email }))
  }
  yield* prefetchPages(readPage, (rows) => {
    const last = rows[rows.length - 1]
    return rows.length < EXPORT_PAGE ? undefined : { account_id: last.account_id, created_at: last.cursor_created_at, id: last.id }
  })
}
