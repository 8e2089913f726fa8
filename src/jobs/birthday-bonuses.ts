import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { jobSchedule } from "../lib/job-schedules"
import { grantBirthdayBonusesWorkflow } from "../workflows"

/**
 * Daily (00:15 server time, or the cron in LOYALTY_BIRTHDAY_CRON): credits
 * birthday_bonus to the shoppers whose birthday it is in the program's
 * time_zone, and to those of the days since the last run that finished (a
 * day the job did not run, an account another job held, a run killed
 * halfway), within the year and at most 31 days back. Safe to run twice at
 * once and to kill halfway: each batch commits whole and each bonus is keyed
 * by account and year.
 */
export default async function birthdayBonuses(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { result } = await grantBirthdayBonusesWorkflow(container).run({ input: {} })
  const days = result.from === result.date ? result.date : `${result.from} to ${result.date}`
  if (result.lots) {
    logger.info(`medusa-loyalty: birthday bonus of ${result.points} point(s) for ${result.accounts} shopper(s) on ${days}`)
  }
  if (!result.completed) {
    logger.warn(`medusa-loyalty: birthday bonuses: ${result.skipped} account(s) held by another transaction; the next run credits them`)
  }
}

export const config = {
  name: "loyalty-birthday-bonuses",
  schedule: jobSchedule("loyalty-birthday-bonuses"),
}
