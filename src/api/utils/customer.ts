import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"

export async function retrieveCustomerOrThrow(scope: MedusaContainer, customerId: string) {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [customer],
  } = await query.graph({
    entity: "customer",
    fields: ["id"],
    filters: { id: customerId },
  })
  if (!customer) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer with id: ${customerId} was not found`)
  }
  return customer
}

export type CustomerContact = { id: string; email: string | null; first_name: string | null; last_name: string | null }

/** The e-mail and name of each of these customers that exists, by id: one read for a page of rows. */
export async function customersById(scope: MedusaContainer, customerIds: string[]): Promise<Map<string, CustomerContact>> {
  const ids = [...new Set(customerIds)]
  if (!ids.length) {
    return new Map()
  }
  const customers = await scope
    .resolve(Modules.CUSTOMER)
    .listCustomers({ id: ids }, { select: ["id", "email", "first_name", "last_name"], take: ids.length })
  return new Map(customers.map((customer) => [customer.id, customer as CustomerContact]))
}
