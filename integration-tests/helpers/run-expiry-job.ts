import type { ExecArgs } from "@medusajs/framework/types"
import { expirePointsWorkflow } from "../../src/workflows"

/**
 * `medusa exec integration-tests/helpers/run-expiry-job.ts`: the expiry job's
 * workflow in a process of its own, so a test can kill it halfway.
 * LOYALTY_EXPIRY_BATCH_SIZE makes its batches small enough to be caught mid-run.
 */
export default async function runExpiryJob({ container }: ExecArgs) {
  const batch_size = Number(process.env.LOYALTY_EXPIRY_BATCH_SIZE) || undefined
  await expirePointsWorkflow(container).run({ input: { batch_size } })
}
