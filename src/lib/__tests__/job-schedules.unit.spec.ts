import fs from "fs"
import path from "path"
import { cronError, JOB_SCHEDULES, jobSchedule, scheduleErrors } from "../job-schedules"

const JOBS_DIR = path.resolve(__dirname, "../../jobs")

// One override per variable, set before any job file is imported, with spaces around it: a job
// that kept a schedule of its own, or read its variable without jobSchedule() (which validates
// and trims it), shows.
const OVERRIDES: Record<string, string> = {
  LOYALTY_BIRTHDAY_CRON: " 1 1 * * * ",
  LOYALTY_EXPIRY_CRON: " 2 2 * * * ",
  LOYALTY_TIERS_CRON: " 3 3 * * * ",
  LOYALTY_LEDGER_CHECK_CRON: " 4 4 * * 1 ",
  LOYALTY_WINBACK_CRON: " 5 5 * * * ",
}

/** Every job file's exported config, as Medusa's job loader imports them, with OVERRIDES set. */
function jobConfigs() {
  const saved = process.env
  process.env = { ...saved, ...OVERRIDES }
  try {
    return fs
      .readdirSync(JOBS_DIR)
      .filter((file) => file.endsWith(".ts"))
      .map((file) => require(path.join(JOBS_DIR, file)).config as { name: string; schedule: string })
  } finally {
    process.env = saved
  }
}

describe("job schedules", () => {
  it("are valid cron expressions", () => {
    expect(scheduleErrors({})).toEqual([])
  })

  it("schedule every job in src/jobs, each from its LOYALTY_…_CRON when set", () => {
    const scheduled = Object.fromEntries(jobConfigs().map((job) => [job.name, job.schedule]))
    const expected = Object.fromEntries(
      Object.entries(JOB_SCHEDULES).map(([name, job]) => [name, job.env ? OVERRIDES[job.env].trim() : job.cron])
    )
    expect(scheduled).toEqual(expected)
  })

  it("are the defaults when a variable is unset or empty", () => {
    for (const [name, job] of Object.entries(JOB_SCHEDULES)) {
      expect(jobSchedule(name as keyof typeof JOB_SCHEDULES, {})).toBe(job.cron)
    }
    // Empty is unset, as the shell's `VAR= medusa start` means.
    expect(jobSchedule("loyalty-birthday-bonuses", { LOYALTY_BIRTHDAY_CRON: "" })).toBe("15 0 * * *")
  })

  it("refuse, naming the variable, an override that is not a cron expression", () => {
    expect(() => jobSchedule("loyalty-expire-points", { LOYALTY_EXPIRY_CRON: "every day" })).toThrow(
      /LOYALTY_EXPIRY_CRON="every day" has 2 fields/
    )
    expect(() => jobSchedule("loyalty-recompute-tiers", { LOYALTY_TIERS_CRON: "0 25 * * *" })).toThrow(
      /LOYALTY_TIERS_CRON="0 25 \* \* \*" is not a cron expression \(Constraint error, got value 25 expected range 0-23\)/
    )
    expect(scheduleErrors({ LOYALTY_BIRTHDAY_CRON: "15 0 * *", LOYALTY_EXPIRY_CRON: "0 3 * * *" })).toEqual([
      expect.stringMatching(/^LOYALTY_BIRTHDAY_CRON="15 0 \* \*" \(the loyalty-birthday-bonuses job's schedule\) has 4 fields/),
    ])
  })

  it("refuse a LOYALTY_…_CRON that no job reads, naming the ones that are read", () => {
    expect(scheduleErrors({ LOYALTY_EXPIRE_CRON: "0 1 * * *", LOYALTY_EXPIRY_BATCH_SIZE: "10" })).toEqual([
      "LOYALTY_EXPIRE_CRON is set, but no job reads it; the schedules are set with " +
        "LOYALTY_BIRTHDAY_CRON, LOYALTY_EXPIRY_CRON, LOYALTY_TIERS_CRON, LOYALTY_LEDGER_CHECK_CRON, LOYALTY_WINBACK_CRON",
    ])
  })

  describe("cronError", () => {
    it.each(["0 3 * * *", "*/15 * * * *", "30 1 * * 1-5", "0 3 L * *", "0 0 3 * * *", "@daily"])(
      "takes %j",
      (expression) => expect(cronError(expression)).toBeNull()
    )

    it.each([
      ["", /is empty/],
      ["   ", /is empty/],
      // cron-parser would take these and run every minute, or shift every field by one.
      ["0 3 * *", /has 4 fields/],
      ["0 3", /has 2 fields/],
      ["0 3 * * * * *", /has 7 fields/],
      ["61 * * * *", /not a cron expression \(Constraint error, got value 61 expected range 0-59\)/],
      ["0 3 31 2 *", /not a cron expression/],
      ["0 3 * * 8", /not a cron expression/],
      ["@sometimes", /not a cron expression/],
    ])("refuses %j", (expression, message) => expect(cronError(expression)).toMatch(message))
  })
})
