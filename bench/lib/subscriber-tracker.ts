import type { EventEmitter } from "events"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

/**
 * Medusa's local event bus runs subscribers through a Node EventEmitter and drops their
 * promises, so nothing says when the work a request set off (the plugin's order.placed and
 * cart.updated handlers) is done. This keeps those promises so a benchmark can wait for them,
 * untimed, before its next timed request instead of measuring them by accident.
 */
export function trackSubscribers(container: MedusaContainer) {
  const emitter: EventEmitter = (container.resolve(Modules.EVENT_BUS) as any).eventEmitter_
  const running = new Set<Promise<unknown>>()
  const originalEmit = emitter.emit

  emitter.emit = function emitAndKeepPromises(this: EventEmitter, name: string | symbol, ...args: any[]) {
    if (name === "error") {
      return originalEmit.call(this, name, ...args)
    }
    // rawListeners keeps `once` wrappers, so calling them removes them as emit would.
    const listeners = emitter.rawListeners(name)
    for (const listener of listeners) {
      const result: any = listener.apply(this, args)
      if (result && typeof result.then === "function") {
        const done = () => running.delete(result)
        running.add(result)
        result.then(done, done)
      }
    }
    return listeners.length > 0
  } as EventEmitter["emit"]

  return {
    /** Resolves once every subscriber started so far, and whatever they emitted, has finished. */
    async idle() {
      for (;;) {
        // Medusa emits on a resolved promise's then(): let pending emits happen first.
        await new Promise((resolve) => setImmediate(resolve))
        if (!running.size) {
          return
        }
        await Promise.allSettled([...running])
      }
    },
    stop() {
      emitter.emit = originalEmit
    },
  }
}
