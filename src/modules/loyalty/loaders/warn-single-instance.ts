import type { LoaderOptions } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { singleInstanceModules, singleInstanceWarning } from "../../../lib/scale-out"

/**
 * In production (NODE_ENV=production), warns once at start-up when the store runs Medusa's
 * in-process event bus, workflow engine or locking: the plugin's jobs and subscribers are
 * correct on several instances only when those are shared (Redis). Development and tests run
 * one process, where the in-process modules are right.
 */
export default async function warnSingleInstance({ container, logger }: LoaderOptions) {
  if (process.env.NODE_ENV !== "production") {
    return
  }
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE, { allowUnregistered: true })
  const warning = singleInstanceWarning(singleInstanceModules(config?.modules as any))
  if (warning) {
    ;(logger ?? container.resolve(ContainerRegistrationKeys.LOGGER)).warn(warning)
  }
}
