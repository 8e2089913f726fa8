import fs from "fs"
import path from "path"

/** The line print-schedules writes: `LOYALTY_SCHEDULES {"<job name>": "<cron>", …}`. */
export const SCHEDULES_LINE = "LOYALTY_SCHEDULES"

/**
 * `medusa exec integration-tests/helpers/print-schedules.ts`: once the app has booted (every
 * module's loaders, the plugin's start-up check among them), prints the schedule of each job in
 * src/jobs as Medusa's job loader would register it.
 */
export default async function printSchedules() {
  const dir = path.resolve(__dirname, "../../src/jobs")
  const schedules = Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((file) => file.endsWith(".ts"))
      .map((file) => require(path.join(dir, file)).config)
      .map((config: { name: string; schedule: string }) => [config.name, config.schedule])
  )
  process.stdout.write(`\n${SCHEDULES_LINE} ${JSON.stringify(schedules)}\n`)
}
