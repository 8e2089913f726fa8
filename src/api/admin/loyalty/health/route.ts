import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { config as job } from "../../../../jobs/verify-ledger"
import { LOYALTY_MODULE } from "../../../../modules/loyalty"
import type { LedgerCheck } from "../../../../modules/loyalty/ledger/health"
import type { ILoyaltyModuleService } from "../../../../types/loyalty"
import { verifyLedgerWorkflow } from "../../../../workflows"
import { customersById } from "../../../utils/customer"

/**
 * The ledger's health: the last check that ended (when, how many accounts it checked, how many
 * differ from their ledger and which), the one running now with its progress, and when the job
 * runs.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const loyalty: ILoyaltyModuleService = req.scope.resolve(LOYALTY_MODULE)
  const { last_check, running_check } = await loyalty.retrieveLedgerHealth()
  res.json({
    last_check: await withCustomers(req.scope, last_check),
    running_check: await withCustomers(req.scope, running_check),
    schedule: job.schedule,
  })
}

/**
 * Checks the ledger now and answers the finished check. When a check is already running (the
 * nightly job, another admin), nothing new starts: `started` is false and `check` is that one.
 * The check goes on if the request is cut off; GET shows it.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result } = await verifyLedgerWorkflow(req.scope).run({ input: { trigger: "admin" } })
  res.json({ check: await withCustomers(req.scope, result.check), started: result.started })
}

/** The listed drifted accounts with their customer's email and name, for the admin to find them. */
async function withCustomers(scope: MedusaContainer, check: LedgerCheck | null) {
  if (!check?.drifted.length) {
    return check
  }
  const byId = await customersById(scope, check.drifted.map((account) => account.customer_id))
  return {
    ...check,
    drifted: check.drifted.map((account) => {
      const customer = byId.get(account.customer_id)
      return {
        ...account,
        customer: customer
          ? { email: customer.email, first_name: customer.first_name, last_name: customer.last_name }
          : null,
      }
    }),
  }
}
