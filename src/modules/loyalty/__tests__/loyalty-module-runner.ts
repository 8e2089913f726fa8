import { moduleIntegrationTestRunner, type SuiteOptions } from "@medusajs/test-utils"
import path from "path"
import { LOYALTY_MODULE } from ".."
import type LoyaltyModuleService from "../service"

/** The loyalty module alone on a real, migrated PostgreSQL database. */
export function loyaltyModuleTestRunner(testSuite: (options: SuiteOptions<LoyaltyModuleService>) => void) {
  moduleIntegrationTestRunner<LoyaltyModuleService>({
    moduleName: LOYALTY_MODULE,
    resolve: path.join(__dirname, ".."),
    pathToMigrations: path.join(__dirname, "../migrations"),
    testSuite,
  })
}
