import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { grantBirthdayBonusesWorkflow } from "../workflows"

/**
 * Daily (00:15 server time, or the cron in LOYALTY_BIRTHDAY_CRON): credits
 * birthday_bonus to the shoppers whose birthday it is in the program's
 * time_zone. Safe to run twice at once and to kill halfway: each batch
 * commits whole and each bonus is keyed by account and year.
 */
export default async function birthdayBonuses(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { result } = await grantBirthdayBonusesWorkflow(container).run({ input: {} })
  if (result.lots) {
    logger.info(`medusa-loyalty: birthday bonus of ${result.points} point(s) for ${result.accounts} shopper(s) on ${result.date}`)
  }
}

export const config = {
  name: "loyalty-birthday-bonuses",
  schedule: process.env.LOYALTY_BIRTHDAY_CRON || "15 0 * * *",
}
