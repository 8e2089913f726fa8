/**
 * Which of Medusa's infrastructure modules in a store's config keep their state in one
 * process. With any of them, two instances of the store do not share it: each instance
 * schedules the jobs itself (in-memory workflow engine), an event reaches only the instance that
 * emitted it (local event bus), and a lock holds only inside one process (in-memory locking).
 */

/** A module's entry in the resolved config (`configModule.modules[key]`). */
type ModuleEntry = { resolve?: unknown; options?: { providers?: { resolve?: unknown }[]; [option: string]: unknown } } | boolean | undefined

/** What Medusa picks when a store configures nothing for these modules (defineConfig's defaults). */
const IN_PROCESS = {
  event_bus: { name: "event bus", pattern: /event-bus-local$/ },
  workflows: { name: "workflow engine", pattern: /workflow-engine-inmemory$/ },
} as const

/** Locking providers that hold a lock across processes; the locking module's built-in one does not. */
const SHARED_LOCKING_PROVIDER = /locking-(redis|postgres)$/

export type SingleInstanceModule = "event bus" | "workflow engine" | "locking"

/**
 * The modules of `modules` (the resolved `configModule.modules`) that work in one process only,
 * in the order event bus, workflow engine, locking. A module given as a custom package or path
 * is taken to be shared: only Medusa's own in-process modules are named.
 */
export function singleInstanceModules(modules: Record<string, ModuleEntry> = {}): SingleInstanceModule[] {
  const found: SingleInstanceModule[] = []
  for (const [key, { name, pattern }] of Object.entries(IN_PROCESS)) {
    const resolve = resolveOf(modules[key])
    // Not in the config at all: Medusa loads its default, the in-process one.
    if (resolve === undefined || (typeof resolve === "string" && pattern.test(resolve))) {
      found.push(name)
    }
  }
  const locking = modules.locking
  const providers = typeof locking === "object" ? locking.options?.providers ?? [] : []
  const shared = providers.some(
    (provider) => typeof provider.resolve !== "string" || SHARED_LOCKING_PROVIDER.test(provider.resolve)
  )
  if (!shared) {
    found.push("locking")
  }
  return found
}

/** How the start-up warning begins, whatever modules it names. */
export const SINGLE_INSTANCE_WARNING = "medusa-loyalty: this store runs Medusa's in-process"

/** The start-up warning for a production process with `found` (singleInstanceModules), or null. */
export function singleInstanceWarning(found: SingleInstanceModule[]): string | null {
  if (!found.length) {
    return null
  }
  return (
    `${SINGLE_INSTANCE_WARNING} ${listOf(found)}. ` +
    "That is right for one instance only: with several (servers and workers), the plugin's scheduled jobs may run twice, once on each instance, " +
    "and events and locks do not reach the other instances. " +
    "To run several instances, configure @medusajs/medusa/event-bus-redis, @medusajs/medusa/workflow-engine-redis and " +
    "@medusajs/medusa/locking with the locking-redis provider (see the README, \"Running several instances\")."
  )
}

function resolveOf(entry: ModuleEntry): unknown {
  if (entry === undefined || entry === true) {
    return undefined
  }
  if (entry === false) {
    return null // disabled: nothing runs, nothing to warn about
  }
  return entry.resolve
}

function listOf(names: string[]) {
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`
}
