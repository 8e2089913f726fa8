import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { ADMIN_TRANSACTION_FIELDS } from "../../../../utils/transactions"

/** What an order earned, spent, had reversed and restored, with its ledger rows. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [order],
  } = await query.graph({ entity: "order", fields: ["id", "customer_id"], filters: { id: req.params.id } })
  if (!order) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order with id: ${req.params.id} was not found`)
  }
  const { data: transactions } = await query.graph({
    entity: "loyalty_transaction",
    fields: ADMIN_TRANSACTION_FIELDS,
    filters: { order_id: order.id },
    pagination: { order: { created_at: "ASC" } },
  })
  const sum = (type: string) =>
    transactions.filter((t: any) => t.type === type).reduce((total: number, t: any) => total + t.points, 0)
  res.json({
    order_id: order.id,
    customer_id: order.customer_id,
    earned: sum("earn"),
    spent: -sum("redeem"),
    reversed: -sum("reversal"),
    restored: sum("restore"),
    transactions,
  })
}
