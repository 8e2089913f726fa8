import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { birthdaysCelebratedOn, bonusGrant, localDate } from "../../../lib/rules"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { type BatchTotals, runBatches } from "../../jobs/steps/run-batches"

export type GrantBirthdayBonusesInput = {
  /** Accounts per batch (one transaction each). */
  batch_size?: number
  /** The moment of the run (ISO date); now when left out. */
  now?: string
}

export type BirthdayBonusesResult = BatchTotals & { date: string }

/**
 * Credits birthday_bonus to every shopper whose birthday is today in the
 * program's time_zone (29 February on 28 February in other years), once per
 * year. No compensation: each batch commits on its own and the next run
 * carries on; the key per account and year keeps reruns from paying twice.
 */
export const grantBirthdayBonusesStep = createStep(
  "loyalty-grant-birthday-bonuses",
  async (input: GrantBirthdayBonusesInput, { container }) => {
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const now = input.now ? new Date(input.now) : new Date()
    const program = await loyalty.getProgramSettings()
    const today = localDate(now, program.time_zone)
    const date = `${today.year}-${pad(today.month)}-${pad(today.day)}`
    const grant = program.enabled ? bonusGrant(program.birthday_bonus, now, program.expiry_days) : null
    if (!grant) {
      return new StepResponse<BirthdayBonusesResult>({ date, batches: 0, lots: 0, points: 0, accounts: 0, skipped: 0 })
    }
    const celebrated = birthdaysCelebratedOn(today)
    const limit = input.batch_size ?? 500
    const totals = await runBatches((after) =>
      loyalty.grantBirthdayBatch({
        celebrated,
        year: today.year,
        points: grant.points,
        expires_at: grant.expires_at,
        max_balance: program.max_balance,
        reason: `Birthday bonus ${today.year}`,
        after,
        limit,
      })
    )
    return new StepResponse<BirthdayBonusesResult>({ date, ...totals })
  }
)

const pad = (n: number) => String(n).padStart(2, "0")
