import type { ExecArgs } from "@medusajs/framework/types"
import { LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { expirePointsWorkflow } from "../../src/workflows"

/** The line run-expiry-job prints once it has paused (see below). */
export const EXPIRY_JOB_PAUSED = "EXPIRY_JOB_PAUSED"

/**
 * `medusa exec integration-tests/helpers/run-expiry-job.ts`: the expiry job's workflow in a
 * process of its own, so a test can kill it halfway. LOYALTY_EXPIRY_BATCH_SIZE sets its batch
 * size. With LOYALTY_EXPIRY_PAUSE_AFTER_BATCHES=n the run stops starting batches once n have
 * committed and prints `EXPIRY_JOB_PAUSED <n>`: the test kills it there, halfway through the
 * accounts however fast the machine is, with a batch of the other account range possibly still
 * open.
 */
export default async function runExpiryJob({ container }: ExecArgs) {
  const batch_size = Number(process.env.LOYALTY_EXPIRY_BATCH_SIZE) || undefined
  const pauseAfter = Number(process.env.LOYALTY_EXPIRY_PAUSE_AFTER_BATCHES) || 0
  if (pauseAfter) {
    const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const expireDueBatch = loyalty.expireDueBatch.bind(loyalty)
    let committed = 0
    loyalty.expireDueBatch = (async (...args: Parameters<typeof expireDueBatch>) => {
      if (committed >= pauseAfter) {
        return new Promise(() => {}) // until the test kills this process
      }
      const result = await expireDueBatch(...args)
      if (++committed === pauseAfter) {
        // stdout is a pipe: synchronous on Linux, so the line is out before the next batch.
        process.stdout.write(`\n${EXPIRY_JOB_PAUSED} ${committed}\n`)
      }
      return result
    }) as typeof loyalty.expireDueBatch
  }
  await expirePointsWorkflow(container).run({ input: { batch_size } })
}
