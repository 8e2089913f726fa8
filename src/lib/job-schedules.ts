import { parseExpression } from "cron-parser"

/**
 * When each of the plugin's scheduled jobs runs (server time), and the environment variable
 * that moves it. src/jobs/* take their schedule from here; the module's start-up check
 * (src/modules/loyalty/loaders/check-start-up.ts) validates all of them before Medusa serves.
 */
export const JOB_SCHEDULES = {
  "loyalty-birthday-bonuses": { cron: "15 0 * * *", env: "LOYALTY_BIRTHDAY_CRON" },
  "loyalty-expire-points": { cron: "0 3 * * *", env: "LOYALTY_EXPIRY_CRON" },
  "loyalty-recompute-tiers": { cron: "30 2 * * *", env: "LOYALTY_TIERS_CRON" },
  "loyalty-release-pending-points": { cron: "*/15 * * * *", env: null },
  "loyalty-release-stale-reservations": { cron: "*/15 * * * *", env: null },
  "loyalty-review-deadline": { cron: "20 * * * *", env: null },
  "loyalty-sync-referral-coupons": { cron: "40 * * * *", env: null },
  "loyalty-verify-ledger": { cron: "0 4 * * *", env: "LOYALTY_LEDGER_CHECK_CRON" },
  "loyalty-winback": { cron: "0 10 * * *", env: "LOYALTY_WINBACK_CRON" },
} as const satisfies Record<string, { cron: string; env: string | null }>

export type LoyaltyJobName = keyof typeof JOB_SCHEDULES

type Environment = Record<string, string | undefined>

const OVERRIDE_NAME = /^LOYALTY_\w+_CRON$/
const EXAMPLE = `e.g. "30 1 * * *" for 01:30 every day`

/**
 * Why `expression` is not a schedule Medusa's job scheduler can run, or null when it is.
 * The scheduler parses with cron-parser, which also takes what is almost certainly a mistake
 * (an empty string runs every minute, four fields shift every field by one): an expression
 * must have five fields (minute hour day-of-month month day-of-week), six with seconds first,
 * or be one of cron-parser's @-names (@daily, @hourly, …).
 */
export function cronError(expression: string): string | null {
  const trimmed = expression.trim()
  if (!trimmed) {
    return "is empty"
  }
  const fields = trimmed.split(/\s+/).length
  if (!trimmed.startsWith("@") && fields !== 5 && fields !== 6) {
    return `has ${fields} field${fields === 1 ? "" : "s"}; a cron expression has five (minute hour day-of-month month day-of-week), ${EXAMPLE}`
  }
  try {
    parseExpression(trimmed)
  } catch (error) {
    return `is not a cron expression (${(error as Error).message}), ${EXAMPLE}`
  }
  return null
}

/** The cron a job runs on: its variable's value when set (and not empty), else its default. */
function scheduleOf(name: LoyaltyJobName, env: Environment) {
  const { cron, env: variable } = JOB_SCHEDULES[name]
  const override = variable ? env[variable] : undefined
  return override === undefined || override === "" ? { cron, variable: null } : { cron: override, variable }
}

/**
 * Every problem with the jobs' schedules in `env`: an override that is not a cron expression,
 * a LOYALTY_…_CRON variable no job reads (a misspelt name would leave its job at the default
 * without a word), and a default that is not one (a mistake in this file).
 */
export function scheduleErrors(env: Environment = process.env): string[] {
  const errors: string[] = []
  for (const name of Object.keys(JOB_SCHEDULES) as LoyaltyJobName[]) {
    const { cron, variable } = scheduleOf(name, env)
    const error = cronError(cron)
    if (error) {
      errors.push(
        variable
          ? `${variable}=${JSON.stringify(cron)} (the ${name} job's schedule) ${error}`
          : `the ${name} job's default schedule ${JSON.stringify(cron)} ${error}`
      )
    }
  }
  const known = Object.values(JOB_SCHEDULES).flatMap((job) => (job.env ? [job.env] : []))
  for (const variable of Object.keys(env).filter((key) => OVERRIDE_NAME.test(key)).sort()) {
    if (!(known as string[]).includes(variable)) {
      errors.push(`${variable} is set, but no job reads it; the schedules are set with ${known.join(", ")}`)
    }
  }
  return errors
}

/** The cron a job is scheduled with; throws, naming the variable, when it is not valid. */
export function jobSchedule(name: LoyaltyJobName, env: Environment = process.env): string {
  const { cron, variable } = scheduleOf(name, env)
  const error = cronError(cron)
  if (error) {
    throw new Error(
      `medusa-loyalty: ${variable ? `${variable}=${JSON.stringify(cron)}` : `the ${name} job's schedule ${JSON.stringify(cron)}`} ${error}`
    )
  }
  return cron.trim()
}
