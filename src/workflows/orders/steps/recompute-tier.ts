import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

/**
 * Puts the shopper in the tier their order points now reach. Its
 * compensation recomputes again: after the steps before it are undone, the
 * tier follows the ledger back.
 */
export const recomputeTierStep = createStep(
  "loyalty-recompute-tier",
  async (input: { customer_id: string | null }, { container }) => {
    if (!input.customer_id) {
      return new StepResponse(null)
    }
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    return new StepResponse(await loyalty.recomputeTier(input.customer_id), input.customer_id)
  },
  async (customerId, { container }) => {
    if (customerId) {
      await container.resolve<LoyaltyModuleService>(LOYALTY_MODULE).recomputeTier(customerId)
    }
  }
)
