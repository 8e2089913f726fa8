import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  birthdayDatesToCredit,
  birthdaysCelebratedOnDates,
  bonusGrant,
  formatLocalDate,
  localDate,
  parseLocalDate,
} from "../../../lib/rules"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import { BIRTHDAY_JOB } from "../../../modules/loyalty/ledger/job-runs"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { type BatchTotals, runBatches } from "../../jobs/steps/run-batches"

export type GrantBirthdayBonusesInput = {
  /** Accounts per batch (one transaction each). */
  batch_size?: number
  /** The moment of the run (ISO date); now when left out. */
  now?: string
}

export type BirthdayBonusesResult = BatchTotals & {
  /** Today in the program's time_zone ("YYYY-MM-DD"). */
  date: string
  /** The first date whose birthdays the run credited: before `date` when it caught up. */
  from: string
  /** Whether the run finished every account and recorded `date` as done. */
  completed: boolean
}

/**
 * Credits birthday_bonus to every shopper whose birthday fell on a day since
 * the last completed run, up to today in the program's time_zone (within the
 * year, at most 31 days back; 29 February on 28 February in other years),
 * once per year. Today is recorded as completed only when no account was
 * skipped (still held by another transaction after the run's waiting last
 * sweep): otherwise the next run covers the day again. No compensation: each batch commits on its own; the key per
 * account and year keeps reruns and overlapping days from paying twice.
 */
export async function grantBirthdayBonuses(
  loyalty: LoyaltyModuleService,
  input: GrantBirthdayBonusesInput
): Promise<BirthdayBonusesResult> {
  const now = input.now ? new Date(input.now) : new Date()
  const program = await loyalty.getProgramSettings()
  const today = localDate(now, program.time_zone)
  const date = formatLocalDate(today)
  const lastCompleted = parseLocalDate(await loyalty.retrieveJobLastCompletedOn(BIRTHDAY_JOB))
  const dates = birthdayDatesToCredit(today, lastCompleted)
  const from = formatLocalDate(dates[0])
  const grant = program.enabled ? bonusGrant(program.birthday_bonus, now, program.expiry_days) : null
  let totals: BatchTotals = { batches: 0, lots: 0, points: 0, accounts: 0, skipped: 0 }
  if (grant) {
    const limit = input.batch_size ?? 500
    totals = await runBatches((sweep) =>
      loyalty.grantBirthdayBatch({
        celebrated: birthdaysCelebratedOnDates(dates),
        year: today.year,
        points: grant.points,
        expires_at: grant.expires_at,
        max_balance: program.max_balance,
        reason: `Birthday bonus ${today.year}`,
        ...sweep,
        limit,
      })
    )
  }
  // Days the program was off or paid no birthday bonus are done too: nothing is owed for them.
  const completed = totals.skipped === 0
  if (completed) {
    await loyalty.completeJobRun(BIRTHDAY_JOB, date)
  }
  return { date, from, completed, ...totals }
}

export const grantBirthdayBonusesStep = createStep(
  "loyalty-grant-birthday-bonuses",
  async (input: GrantBirthdayBonusesInput, { container }) => {
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    return new StepResponse<BirthdayBonusesResult>(await grantBirthdayBonuses(loyalty, input))
  }
)
