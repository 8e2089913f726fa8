import type { ILoyaltyModuleService } from "../../../types/loyalty"

export type AdjustmentRef = { customer_id: string; points: number; idempotency_key: string }

/**
 * Rolls back an adjustment by writing its opposite (the ledger is
 * append-only), keyed so that the rollback too happens once.
 */
export async function undoAdjustment(loyalty: ILoyaltyModuleService, adjustment: AdjustmentRef) {
  const key = `compensate:${adjustment.idempotency_key}`
  const [original] = await loyalty.listLoyaltyTransactions({ idempotency_key: adjustment.idempotency_key })
  if (!original) {
    return
  }
  if (adjustment.points > 0) {
    await loyalty.reverse({
      transaction_id: original.id,
      points: adjustment.points,
      reason: "Adjustment rolled back",
      idempotency_key: key,
    })
  } else {
    await loyalty.credit({
      customer_id: adjustment.customer_id,
      type: "restore",
      status: "available",
      points: -adjustment.points,
      reason: "Adjustment rolled back",
      idempotency_key: key,
    })
  }
}
