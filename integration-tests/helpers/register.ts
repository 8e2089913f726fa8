import type { MedusaContainer } from "@medusajs/framework/types"
import { TestEventUtils } from "@medusajs/test-utils"
import { shopperAgent } from "./auth"
import { eventBusOf } from "./loyalty-events"

type Api = {
  post(url: string, body?: unknown, config?: { headers: Record<string, string> }): Promise<{ data: any }>
}

/**
 * Registers a shopper as a storefront does (emailpass, then POST
 * /store/customers), waits for customer.created to be handled, and logs in.
 */
export async function registerShopper(
  api: Api,
  container: MedusaContainer,
  publishableKey: string,
  email = `new-${Math.random().toString(36).slice(2)}@test.dev`
) {
  const password = "secret-123"
  const { data: registration } = await api.post("/auth/customer/emailpass/register", { email, password })
  const handled = TestEventUtils.waitSubscribersExecution("customer.created", eventBusOf(container), { timeout: 60_000 })
  const { data } = await api.post(
    "/store/customers",
    { email, first_name: "Nina" },
    { headers: { authorization: `Bearer ${registration.token}`, "x-publishable-api-key": publishableKey } }
  )
  await handled
  const { data: login } = await api.post("/auth/customer/emailpass", { email, password })
  const headers = { headers: { authorization: `Bearer ${login.token}`, "x-publishable-api-key": publishableKey, "user-agent": shopperAgent(email) } }
  return { customer: data.customer as { id: string; email: string }, headers }
}
