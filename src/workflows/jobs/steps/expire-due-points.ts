import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { BatchResult, ILoyaltyModuleService } from "../../../types/loyalty"
import { deliverAlongside, deliverOutboxEvents } from "../lib/event-delivery"
import { runBatches } from "./run-batches"

const DAY = 24 * 60 * 60 * 1000

export type ExpireDuePointsInput = {
  /** Accounts per batch (one transaction each). */
  batch_size?: number
  /** Batches run at once, each over its own range of accounts (2: a small database's two cores). */
  concurrency?: number
  /** The moment to expire up to (ISO date); now when left out. */
  now?: string
}

/**
 * Expires every lot whose time has passed, then (with inactivity expiry on)
 * the balances of shoppers inactive for inactivity_days. No compensation:
 * each batch commits on its own and is what the program promised; a failed
 * run is resumed by the next one. The batches' loyalty.points_expired events
 * go out while the next batches run.
 */
export const expireDuePointsStep = createStep(
  "loyalty-expire-due-points",
  async (input: ExpireDuePointsInput, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const now = input.now ? new Date(input.now) : new Date()
    const limit = input.batch_size ?? 1000
    const bounds = await loyalty.accountRangeBounds(input.concurrency ?? 2)
    const delivery = deliverAlongside(
      () => deliverOutboxEvents(container),
      container.resolve(ContainerRegistrationKeys.LOGGER)
    )
    const delivering = async (batch: Promise<BatchResult>) => {
      const result = await batch
      if (result.accounts) delivery.poke()
      return result
    }
    const lots = await runBatches(
      (sweep) => delivering(loyalty.expireDueBatch({ phase: "lots", now, limit, ...sweep })),
      { bounds }
    )

    const { inactivity_days } = await loyalty.getProgramSettings()
    const active_since = inactivity_days > 0 ? await loyalty.inactivityActiveSince() : null
    const inactive_before = active_since ? new Date(now.getTime() - inactivity_days * DAY) : null
    const inactivity = inactive_before
      ? await runBatches(
          (sweep) =>
            delivering(loyalty.expireDueBatch({ phase: "inactivity", now, inactive_before, active_since, limit, ...sweep })),
          { bounds }
        )
      : null
    await delivery.finish()
    return new StepResponse({ lots, inactivity })
  }
)
