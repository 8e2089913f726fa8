import type { RemoteQueryFunction } from "@medusajs/framework/types"
import type { ReferralPartyFacts } from "../../../types/loyalty"

/** Past orders whose shipping addresses count (the newest). */
const ORDERS_COMPARED = 100

type Address = { address_1?: string | null; postal_code?: string | null; country_code?: string | null; phone?: string | null } | null

const addressOf = (address: Address) => ({
  address_1: address?.address_1 ?? null,
  postal_code: address?.postal_code ?? null,
  country_code: address?.country_code ?? null,
})

/**
 * What the anti-fraud checks compare of a shopper, from Medusa: the e-mail,
 * the customer's and their addresses' phones, the saved addresses and the
 * shipping addresses of their newest orders. Null for no such customer.
 */
export async function readReferralParty(query: Omit<RemoteQueryFunction, symbol>, customerId: string): Promise<ReferralPartyFacts | null> {
  const [{ data: customers }, { data: orders }] = await Promise.all([
    query.graph({
      entity: "customer",
      fields: ["id", "email", "phone", "addresses.address_1", "addresses.postal_code", "addresses.country_code", "addresses.phone"],
      filters: { id: customerId },
    }),
    query.graph({
      entity: "order",
      fields: ["id", "shipping_address.address_1", "shipping_address.postal_code", "shipping_address.country_code", "shipping_address.phone"],
      filters: { customer_id: customerId },
      pagination: { take: ORDERS_COMPARED, skip: 0, order: { created_at: "DESC" } },
    }),
  ])
  const customer = customers[0] as any
  if (!customer) {
    return null
  }
  const addresses: Address[] = [...(customer.addresses ?? []), ...orders.map((order: any) => order.shipping_address)].filter(Boolean)
  return {
    customer_id: customerId,
    email: customer.email ?? null,
    phones: [customer.phone ?? null, ...addresses.map((address) => address?.phone ?? null)],
    addresses: addresses.map(addressOf),
  }
}
