import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { LOYALTY_MODULE } from "../../../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../../../types/loyalty"
import { customersById } from "../../../../utils/customer"
import { EXPORT_PAGE, exportFilename, MEMBER_COLUMNS, prefetchPages } from "../../../../utils/exports"
import { streamCsv } from "../../../../utils/csv-stream"

/**
 * Every member as one CSV row, for a CRM or a spreadsheet: the figures the
 * admin's account view shows, the tier's name and the customer's contact.
 * Streamed page by page (bounded memory at any size).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const loyalty: ILoyaltyModuleService = req.scope.resolve(LOYALTY_MODULE)
  const [total, tiers] = await Promise.all([loyalty.countExportRows(), loyalty.listRecords("tier")])
  const tierNames = new Map(tiers.map((tier) => [tier.id, tier.name]))
  await streamCsv(req, res, {
    filename: exportFilename("loyalty-members"),
    columns: MEMBER_COLUMNS,
    total,
    pages: memberPages(req.scope, loyalty, tierNames),
  })
}

/** The members page by page, each with its customers' contact; the next page is read while this one is written. */
async function* memberPages(scope: MedusaContainer, loyalty: ILoyaltyModuleService, tierNames: Map<string, string>) {
  const readPage = async (after: string | null) => {
    const accounts = await loyalty.exportMembersPage(after, EXPORT_PAGE)
    const customers = await customersById(scope, accounts.map((account) => account.customer_id))
    return accounts.map((account) => {
      const customer = customers.get(account.customer_id)
      return {
        ...account,
        email: customer?.email,
        first_name: customer?.first_name,
        last_name: customer?.last_name,
        spendable: Math.max(0, account.balance - account.reserved),
        tier: account.tier_id ? tierNames.get(account.tier_id) : null,
        member_since: account.created_at,
      }
    })
  }
  yield* prefetchPages(readPage, (rows) => (rows.length < EXPORT_PAGE ? undefined : rows[rows.length - 1].id))
}
