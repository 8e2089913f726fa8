import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { commitOrderPointsWorkflow } from "../checkout/workflows/commit-order-points"
import { accrueOrderPointsWorkflow } from "./workflows/accrue-order-points"
import { settleOrderPointsWorkflow } from "./workflows/settle-order-points"

/**
 * What a placed order does to points, for order.placed and for the stale-hold job that finds an
 * order whose order.placed was missed: it pays the points held for its cart, then earns (pending
 * for the return window). Both are once per order; a canceled order spends and earns nothing.
 * An order canceled while this ran (its order.canceled handled in between) is settled as a
 * cancel once more at the end, so what was just spent comes back (keyed: at most once).
 */
export async function placeOrderPoints(container: MedusaContainer, orderId: string) {
  await commitOrderPointsWorkflow(container).run({ input: { order_id: orderId } })
  await accrueOrderPointsWorkflow(container).run({ input: { order_id: orderId } })
  await settleIfCanceledMeanwhile(container, orderId)
}

/**
 * After writing what a placed order earns: an order canceled meanwhile, its order.canceled
 * handled before the write, is settled as a cancel once more, so nothing it earned stays
 * (keyed: at most once).
 */
async function settleIfCanceledMeanwhile(container: MedusaContainer, orderId: string) {
  if ((await orderStatus(container, orderId)) === "canceled") {
    await cancelOrderPoints(container, orderId)
  }
}

/** A canceled order: a hold still waiting for it goes back, what it earned goes, what it spent returns. */
export async function cancelOrderPoints(container: MedusaContainer, orderId: string) {
  await commitOrderPointsWorkflow(container).run({ input: { order_id: orderId } })
  await settleOrderPointsWorkflow(container).run({ input: { order_id: orderId, cause: `cancel:${orderId}` } })
}

async function orderStatus(container: MedusaContainer, orderId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [order],
  } = await query.graph({ entity: "order", fields: ["status"], filters: { id: orderId } })
  return order?.status
}
