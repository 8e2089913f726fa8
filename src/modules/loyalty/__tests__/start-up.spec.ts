import { MedusaModule } from "@medusajs/framework/modules-sdk"
import { initModules } from "@medusajs/test-utils"
import path from "path"
import { LOYALTY_MODULE } from ".."
import type LoyaltyModuleService from "../service"
import { loyaltyModuleTestRunner } from "./loyalty-module-runner"

jest.setTimeout(120_000)

loyaltyModuleTestRunner(({ dbConfig }) => {
  /**
   * Loads the module as Medusa does at start-up (MedusaApp: its loaders, then its service), with
   * these plugin options and environment. Medusa keys a loaded module by its options, so every
   * case passes options of its own; it also keeps a failed load's promise, rejected and with no
   * handler, which would fail the test as an unhandled rejection: that one is taken off.
   */
  async function startWith(options: Record<string, unknown>, env: Record<string, string> = {}) {
    const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]))
    Object.assign(process.env, env)
    try {
      const { medusaApp, shutdown } = await initModules({
        databaseConfig: dbConfig,
        modulesConfig: { [LOYALTY_MODULE]: { resolve: path.join(__dirname, ".."), options } },
        preventConnectionDestroyWarning: true,
      })
      try {
        const loyalty = medusaApp.modules[LOYALTY_MODULE] as LoyaltyModuleService
        return await loyalty.getProgramSettings()
      } finally {
        await shutdown()
      }
    } catch (error) {
      const loading: Map<string, Promise<unknown>> = (MedusaModule as any).loading_
      for (const [key, promise] of loading) {
        promise.catch(() => loading.delete(key))
      }
      throw error
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
  }

  describe("starting the module", () => {
    it("starts with valid options and schedules, and the options are the program's defaults", async () => {
      const settings = await startWith({ earn_percent: 7 }, { LOYALTY_EXPIRY_CRON: "30 1 * * *" })
      expect(settings.earn_percent).toBe(7)
    })

    it("refuses an invalid option value, naming the option", async () => {
      await expect(startWith({ earn_percent: 500 })).rejects.toThrow(/invalid plugin option "earn_percent"/)
      await expect(startWith({ point_values: { xyz: 1 } })).rejects.toThrow(/invalid plugin option "point_values.xyz"/)
    })

    it("refuses an unknown option name, naming it", async () => {
      await expect(startWith({ earn_precent: 5 })).rejects.toThrow(/unknown plugin option "earn_precent"/)
    })

    it("refuses a LOYALTY_…_CRON that is not a cron expression, or that no job reads, naming the variable", async () => {
      await expect(startWith({ earn_percent: 8 }, { LOYALTY_EXPIRY_CRON: "every day" })).rejects.toThrow(
        /LOYALTY_EXPIRY_CRON="every day" .*has 2 fields/
      )
      await expect(startWith({ earn_percent: 9 }, { LOYALTY_LEDGER_CHECK_CRON: "0 25 * * *" })).rejects.toThrow(
        /LOYALTY_LEDGER_CHECK_CRON="0 25 \* \* \*" .*not a cron expression/
      )
      await expect(startWith({ earn_percent: 10 }, { LOYALTY_EXPIRE_CRON: "0 1 * * *" })).rejects.toThrow(
        /LOYALTY_EXPIRE_CRON is set, but no job reads it/
      )
    })
  })
})
