import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { OrderEarning } from "../../orders/steps/compute-order-earning"
import { payReferralRewards } from "../referral-rewards"

/**
 * The referral rewards of a placed order (see payReferralRewards). No
 * compensation, like every step that writes the ledger for an order: the
 * rows are keyed, and the next delivery of order.placed finishes the rest.
 */
export const payReferralRewardsStep = createStep(
  "loyalty-pay-referral-rewards",
  async (earning: OrderEarning | null, { container }) => {
    return new StepResponse(earning ? await payReferralRewards(container, earning) : null)
  }
)
