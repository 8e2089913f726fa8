import type { MedusaContainer } from "@medusajs/framework/types"
import { LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { createAdmin, createShopper } from "./auth"
import { createStoreFixture } from "./store-fixture"

type Api = Parameters<typeof createStoreFixture>[1]

/**
 * The store most order and checkout tests start from: an admin, the two-region
 * store of store-fixture.ts, a logged-in shopper, and a program where a point
 * is worth 0.01 in both currencies.
 */
export async function createLoyaltyStore(container: MedusaContainer, api: Api) {
  const admin = { headers: (await createAdmin(container)).headers }
  const fixture = await createStoreFixture(container, api, admin)
  const shopper = await createShopper(container, fixture.publishableKey)
  const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  await api.post("/admin/loyalty/program", { point_values: { eur: 0.01, usd: 0.01 } }, admin)
  return { admin, fixture, shopper, loyalty }
}
