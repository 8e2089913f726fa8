import type { LoaderOptions } from "@medusajs/framework/types"
import { scheduleErrors } from "../../../lib/job-schedules"
import { defaultsFromOptions, PROGRAM_SETTING_NAMES, referralSiteOptionsFrom, telegramOptionsFrom } from "../program-settings"

/** Keys Medusa itself adds to a module's options. */
const MEDUSA_OPTION_NAMES = ["database"]
/** Options that are not program settings (the store owner cannot change them in the admin). */
const MODULE_OPTION_NAMES = ["referral_sites", "telegram"]

/**
 * Refuses to start with plugin options or job schedules that would not work: a bad option
 * value or an unknown option name (a misspelt one would be ignored), a LOYALTY_…_CRON that is
 * not a cron expression (Medusa's scheduler would log it once and never run the job) or that no
 * job reads. Medusa runs module loaders before it serves anything, in every process (server,
 * worker, `medusa exec`), and stops with this error, which names each option and variable.
 */
export default async function checkStartUp({ options = {} }: LoaderOptions<Record<string, unknown>>) {
  const problems: string[] = []
  try {
    defaultsFromOptions(options)
  } catch (error) {
    problems.push((error as Error).message.replace(/^medusa-loyalty: /, ""))
  }
  try {
    referralSiteOptionsFrom(options.referral_sites)
  } catch (error) {
    problems.push((error as Error).message.replace(/^medusa-loyalty: /, ""))
  }
  try {
    telegramOptionsFrom(options.telegram)
  } catch (error) {
    problems.push((error as Error).message.replace(/^medusa-loyalty: /, ""))
  }
  const known = new Set<string>([...PROGRAM_SETTING_NAMES, ...MODULE_OPTION_NAMES, ...MEDUSA_OPTION_NAMES])
  for (const name of Object.keys(options).filter((key) => !known.has(key))) {
    problems.push(`unknown plugin option "${name}" (the options are the program settings: ${PROGRAM_SETTING_NAMES.join(", ")}; and ${MODULE_OPTION_NAMES.join(", ")})`)
  }
  problems.push(...scheduleErrors(process.env))
  if (problems.length) {
    throw new Error(`medusa-loyalty cannot start:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`)
  }
}
