import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { killMedusaExecs, medusaExec, tail } from "../helpers/medusa-exec"
import { SCHEDULES_LINE } from "../helpers/print-schedules"

jest.setTimeout(300_000)

medusaIntegrationTestRunner({
  testSuite: ({ getContainer }) => {
    describe("starting the app", () => {
      /** The test app booted in a process of its own, on this suite's database, with `env`. */
      const boot = (env: Record<string, string>) => {
        const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        return medusaExec("./integration-tests/helpers/print-schedules.ts", {
          DATABASE_URL: knex.client.config.connection.connectionString,
          ...env,
        })
      }

      afterEach(() => killMedusaExecs())

      it("boots with a valid LOYALTY_EXPIRY_CRON and schedules the expiry job with it", async () => {
        const app = boot({ LOYALTY_EXPIRY_CRON: "30 1 * * *" })
        const line = await app.line(new RegExp(`^${SCHEDULES_LINE} `))
        expect(JSON.parse(line.slice(SCHEDULES_LINE.length + 1))).toMatchObject({
          "loyalty-expire-points": "30 1 * * *",
          "loyalty-verify-ledger": "0 4 * * *",
        })
        expect(await app.exited).toEqual({ code: 0, signal: null })
      })

      it("refuses to boot with a LOYALTY_…_CRON that is not a cron expression, naming it", async () => {
        const app = boot({ LOYALTY_EXPIRY_CRON: "every day" })
        const exit = await app.exited
        const output = tail(app.lines, 200)
        expect(exit.code).not.toBe(0)
        expect(output).toContain(`LOYALTY_EXPIRY_CRON="every day" (the loyalty-expire-points job's schedule) has 2 fields`)
        // It stopped while loading the modules, before running anything.
        expect(app.lines.some((line) => line.startsWith(SCHEDULES_LINE))).toBe(false)
      })
    })
  },
})
