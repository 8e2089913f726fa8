import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"

/**
 * Puts the shopper in the tier their order points now reach. No compensation:
 * the ledger steps before it keep their rows (forward recovery), and the next
 * delivery recomputes from them.
 */
export const recomputeTierStep = createStep(
  "loyalty-recompute-tier",
  async (input: { customer_id: string | null }, { container }) => {
    if (!input.customer_id) {
      return new StepResponse(null)
    }
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    return new StepResponse(await loyalty.recomputeTier(input.customer_id))
  }
)
