type Query = { graph(input: any): Promise<{ data: any[] }> }

/**
 * Whether the customer already has an order: their own, or one placed as a
 * guest under their e-mail before they registered. `exceptOrderId` leaves out
 * the order being placed (a binding at order.placed must not count it).
 */
export async function hasOrdered(query: Query, customerId: string, exceptOrderId?: string): Promise<boolean> {
  const { data: customers } = await query.graph({ entity: "customer", fields: ["email"], filters: { id: customerId } })
  const email = customers[0]?.email
  const whose = email ? { $or: [{ customer_id: customerId }, { email }] } : { customer_id: customerId }
  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["id"],
    filters: exceptOrderId ? { $and: [whose, { id: { $ne: exceptOrderId } }] } : whose,
    pagination: { take: 1, skip: 0 },
  })
  return orders.length > 0
}
