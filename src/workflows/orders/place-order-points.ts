import type { MedusaContainer } from "@medusajs/framework/types"
import { commitOrderPointsWorkflow } from "../checkout/workflows/commit-order-points"
import { accrueOrderPointsWorkflow } from "./workflows/accrue-order-points"

/**
 * What a placed order does to points, for order.placed and for the stale-hold job that finds an
 * order whose order.placed was missed: it pays the points held for its cart, then earns (pending
 * for the return window). Both are once per order; a canceled order spends and earns nothing.
 */
export async function placeOrderPoints(container: MedusaContainer, orderId: string) {
  await commitOrderPointsWorkflow(container).run({ input: { order_id: orderId } })
  await accrueOrderPointsWorkflow(container).run({ input: { order_id: orderId } })
}
