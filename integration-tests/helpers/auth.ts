import type { MedusaContainer } from "@medusajs/framework/types"
import {
  ApiKeyType,
  ContainerRegistrationKeys,
  generateJwtToken,
  Modules,
} from "@medusajs/framework/utils"

type Headers = { headers: Record<string, string> }

function jwtFor(container: MedusaContainer, payload: Record<string, unknown>) {
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  return generateJwtToken(payload, {
    secret: config.projectConfig.http.jwtSecret,
    expiresIn: "1d",
  })
}

/** An admin user and the headers of a logged-in admin session. */
export async function createAdmin(container: MedusaContainer) {
  const users = container.resolve(Modules.USER)
  const auth = container.resolve(Modules.AUTH)
  const user = await users.createUsers({ email: `admin-${Date.now()}@test.dev` })
  const identity = await auth.createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: user.email }],
    app_metadata: { user_id: user.id },
  })
  const token = jwtFor(container, {
    actor_id: user.id,
    actor_type: "user",
    auth_identity_id: identity.id,
    app_metadata: { user_id: user.id },
  })
  return { user, headers: { authorization: `Bearer ${token}` } }
}

/** A publishable API key, required by every /store route. */
export async function createPublishableKey(container: MedusaContainer) {
  const apiKeys = container.resolve(Modules.API_KEY)
  const key = await apiKeys.createApiKeys({
    title: "Test store",
    type: ApiKeyType.PUBLISHABLE,
    created_by: "test",
  })
  return key.token
}

/** A registered shopper and the headers of their logged-in store session. */
export async function createShopper(
  container: MedusaContainer,
  publishableKey: string,
  email = `shopper-${Math.random().toString(36).slice(2)}@test.dev`
) {
  const customers = container.resolve(Modules.CUSTOMER)
  const auth = container.resolve(Modules.AUTH)
  const customer = await customers.createCustomers({ email, has_account: true, first_name: "Sam" })
  const identity = await auth.createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: email }],
    app_metadata: { customer_id: customer.id },
  })
  const token = jwtFor(container, {
    actor_id: customer.id,
    actor_type: "customer",
    auth_identity_id: identity.id,
    app_metadata: { customer_id: customer.id },
  })
  const headers: Headers = {
    headers: { authorization: `Bearer ${token}`, "x-publishable-api-key": publishableKey, "user-agent": shopperAgent(email) },
  }
  return { customer, headers }
}

/**
 * Each test shopper's own browser: every request of a test comes from one
 * address, and a referee on the referrer's device (same IP and user agent)
 * is flagged for review (src/api/utils/shopper-device.ts).
 */
export const shopperAgent = (email: string) => `loyalty-test (${email})`

export const storeHeaders = (publishableKey: string): Headers => ({
  headers: { "x-publishable-api-key": publishableKey },
})
