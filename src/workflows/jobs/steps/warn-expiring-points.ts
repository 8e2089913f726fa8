import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"

const DAY = 24 * 60 * 60 * 1000

export type WarnExpiringPointsInput = { batch_size?: number; now?: string }

/**
 * Writes `loyalty.points_expiring` for every lot that expires within
 * expiry_warning_days and was not warned yet, and (with inactivity expiry on)
 * for every shopper whose points will expire for inactivity within that time.
 * No compensation: a warning is marked once and sent with the events.
 */
export const warnExpiringPointsStep = createStep(
  "loyalty-warn-expiring-points",
  async (input: WarnExpiringPointsInput, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const now = input.now ? new Date(input.now) : new Date()
    const limit = input.batch_size ?? 1000
    const { expiry_warning_days, inactivity_days } = await loyalty.getProgramSettings()
    const warned = { lots: 0, inactive_accounts: 0 }
    if (expiry_warning_days <= 0) {
      return new StepResponse(warned)
    }
    const until = new Date(now.getTime() + expiry_warning_days * DAY)
    // Through the accounts in id order, a batch starting where the last one ended, twice: the
    // second pass (most often one statement that finds nothing) warns the accounts a checkout or
    // the other run held during the first; what is still held then is warned by the next run.
    for (let pass = 0; pass < 2; pass++) {
      let after: string | null = null
      do {
        const batch = await loyalty.warnExpiringBatch({ now, until, limit, after })
        warned.lots += batch.lots
        after = batch.next_after
      } while (after !== null)
    }

    const active_since = inactivity_days > 0 ? await loyalty.inactivityActiveSince() : null
    if (active_since) {
      const inactive_before = new Date(now.getTime() - inactivity_days * DAY)
      const warn_before = new Date(inactive_before.getTime() + expiry_warning_days * DAY)
      let after: string | null = null
      do {
        const batch = await loyalty.warnInactiveBatch({
          now, warn_before, inactive_before, active_since, inactivity_days, after, limit,
        })
        warned.inactive_accounts += batch.accounts
        after = batch.last_account_id
      } while (after !== null)
    }
    return new StepResponse(warned)
  }
)
