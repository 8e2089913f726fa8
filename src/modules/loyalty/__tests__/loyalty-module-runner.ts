import { moduleIntegrationTestRunner, type SuiteOptions } from "@medusajs/test-utils"
import { createHash } from "crypto"
import path from "path"
import { LOYALTY_MODULE } from ".."
import type LoyaltyModuleService from "../service"

/** The loyalty module alone on a real, migrated PostgreSQL database. */
export function loyaltyModuleTestRunner(testSuite: (options: SuiteOptions<LoyaltyModuleService>) => void) {
  moduleIntegrationTestRunner<LoyaltyModuleService>({
    moduleName: LOYALTY_MODULE,
    // One database per checkout and Jest worker, so two checkouts on one server never share one.
    dbName: `medusa-loyalty-module-${createHash("sha1").update(__dirname).digest("hex").slice(0, 8)}-${process.env.JEST_WORKER_ID ?? "1"}`,
    resolve: path.join(__dirname, ".."),
    pathToMigrations: path.join(__dirname, "../migrations"),
    testSuite,
  })
}
