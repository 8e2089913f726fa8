import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { bulkRowKey } from "../../../lib"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"
import type { BulkTarget } from "./resolve-bulk-targets"

const DAY = 24 * 60 * 60 * 1000

export type BulkAdjustInput = {
  targets: BulkTarget[]
  reason: string
  expires_in_days?: number | null
  created_by?: string | null
  idempotency_key: string
}

export type BulkRowResult = {
  row?: number
  customer_id: string | null
  email?: string
  points: number
  status: "credited" | "already_done" | "failed"
  transaction_id?: string
  message?: string
}

/**
 * Adjusts each row's customer, one ledger operation each, keyed by the
 * request's idempotency_key and the row: a retry or a double click credits
 * nobody twice. A row that cannot be done (unknown customer, not enough
 * points to debit) fails alone. No compensation (see adjustPointsStep): a
 * failed run is finished by sending the same chunk again.
 */
export const bulkAdjustPointsStep = createStep(
  "loyalty-bulk-adjust-points",
  async (input: BulkAdjustInput, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const days = input.expires_in_days ?? (await loyalty.getProgramSettings()).expiry_days
    const expires_at = days > 0 ? new Date(Date.now() + days * DAY) : null
    const results: BulkRowResult[] = []
    for (const target of input.targets) {
      const row = { row: target.row, customer_id: target.customer_id, email: target.email, points: target.points }
      if (!target.customer_id) {
        results.push({ ...row, status: "failed", message: target.error })
        continue
      }
      const adjustment = {
        customer_id: target.customer_id,
        points: target.points,
        idempotency_key: bulkRowKey(input.idempotency_key, target.ref),
      }
      try {
        const transaction = await loyalty.adjust({
          ...adjustment,
          reason: input.reason,
          created_by: input.created_by ?? null,
          expires_at,
        })
        results.push({ ...row, status: transaction.replayed ? "already_done" : "credited", transaction_id: transaction.id })
      } catch (error) {
        results.push({ ...row, status: "failed", message: (error as Error).message })
      }
    }
    return new StepResponse(results)
  }
)
