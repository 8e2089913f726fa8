import type { MedusaContainer } from "@medusajs/framework/types"
import { LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"

/** Every account's figures equal what its ledger says (DESIGN §2 invariants). */
export async function expectLedgerInvariants(container: MedusaContainer) {
  const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  expect(await loyalty.verifyAccounts()).toEqual([])
}
