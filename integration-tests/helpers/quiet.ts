import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { EventEmitter } from "events"
import { LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"

/**
 * Waiting for quiet, for checks that something happened exactly once: `eventually` returns the
 * first moment an assertion holds, so "one event" passes before a duplicate arrives. These wait
 * until nothing is left that could still bring one, and then the test counts.
 *
 * Quiet is, all at once and twice in a row:
 * - no subscriber of Medusa's local event bus still running (watchEventBus keeps the promise of
 *   every listener the bus's emitter calls, which the emitter itself drops);
 * - no events grouped on the bus waiting for their workflow to release them;
 * - no workflow execution the workflow engine is still running (Medusa's waitWorkflowExecutions);
 * - the plugin's outbox (loyalty_outbox_event) empty: every event the ledger wrote has gone out.
 * Events sent with a `delay` are not seen until their delay is over (the plugin sends none).
 */

type Watch = { inflight: Set<Promise<unknown>> }

const WATCH = Symbol.for("medusa-loyalty.quiet-watch")
const FINAL_STATES = ["not_started", "done", "reverted", "failed"]

const emitterOf = (container: MedusaContainer) =>
  (container.resolve(Modules.EVENT_BUS) as any).eventEmitter_ as EventEmitter & { [WATCH]?: Watch }

/**
 * Makes the event bus's emitter keep the promise of every listener it calls (subscribers are
 * async; Node's emit drops what they return). Install it before the action whose effects a test
 * waits for (loyaltyEventRecorder.start() does); once per process is enough, the bus's emitter
 * is one for the app. Listeners are called as Node calls them: in order, `once` ones removed.
 */
export function watchEventBus(container: MedusaContainer): Watch {
  const emitter = emitterOf(container)
  if (emitter[WATCH]) {
    return emitter[WATCH]
  }
  const watch: Watch = { inflight: new Set() }
  const emit = emitter.emit
  emitter.emit = function (this: EventEmitter, name: string | symbol, ...args: any[]) {
    if (name === "error" || name === "newListener" || name === "removeListener") {
      return emit.call(this, name, ...args)
    }
    const listeners = this.rawListeners(name)
    for (const listener of listeners) {
      const result = (listener as (...a: any[]) => unknown).apply(this, args)
      if (result && typeof (result as Promise<unknown>).then === "function") {
        // The bus's own wrapper logs a subscriber's error; here only its end matters.
        const done: Promise<unknown> = Promise.resolve(result).then(
          () => watch.inflight.delete(done),
          () => watch.inflight.delete(done)
        )
        watch.inflight.add(done)
      }
    }
    return listeners.length > 0
  } as typeof emitter.emit
  emitter[WATCH] = watch
  return watch
}

/** What is still going on, in words; empty when nothing is. */
async function busy(container: MedusaContainer, watch: Watch): Promise<string[]> {
  const reasons: string[] = []
  if (watch.inflight.size) {
    reasons.push(`${watch.inflight.size} subscriber(s) running`)
  }
  const grouped: Map<string, unknown[]> | undefined = (container.resolve(Modules.EVENT_BUS) as any).groupedEventsMap_
  const held = [...(grouped?.values() ?? [])].flat() as { name: string }[]
  if (held.length) {
    reasons.push(`events held for their workflow: ${held.map((event) => event.name).join(", ")}`)
  }
  const engine = container.resolve(Modules.WORKFLOW_ENGINE, { allowUnregistered: true }) as any
  const running = engine ? await engine.listWorkflowExecutions({ state: { $nin: FINAL_STATES } }) : []
  if (running.length) {
    reasons.push(`workflows running: ${running.map((execution: any) => execution.workflow_id).join(", ")}`)
  }
  return reasons
}

async function undelivered(container: MedusaContainer): Promise<string[]> {
  const loyalty: LoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  return (await loyalty.listLoyaltyOutboxEvents({}, { select: ["name"] })).map((event: { name: string }) => event.name)
}

/** Lets what the bus scheduled on this turn (it dispatches an event a microtask after emit) reach its listeners. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

/**
 * Resolves once the app is quiet (see above): every subscriber has finished, every event the
 * ledger wrote has gone out and been handled, and nothing started meanwhile. Fails when the
 * outbox still holds events nothing is delivering (pass `{ outbox: "may hold events" }` where a
 * test leaves them there on purpose), or after `timeout` ms, saying what was still going on.
 */
export async function waitForQuiet(
  container: MedusaContainer,
  { timeout = 60_000, outbox = "empty" }: { timeout?: number; outbox?: "empty" | "may hold events" } = {}
) {
  const watch = emitterOf(container)[WATCH]
  if (!watch) {
    throw new Error("waitForQuiet: call watchEventBus(container) before the action, or it cannot see the subscribers")
  }
  const deadline = Date.now() + timeout
  let quietPasses = 0
  let idleWithEvents = 0
  for (;;) {
    await nextTurn()
    if (watch.inflight.size) {
      quietPasses = 0
      await Promise.all([...watch.inflight])
      continue
    }
    const reasons = await busy(container, watch)
    const waiting = outbox === "empty" ? await undelivered(container) : []
    if (!reasons.length && !waiting.length) {
      // Twice in a row, with a turn between: nothing started while the first look was reading.
      if (++quietPasses === 2) return
      continue
    }
    quietPasses = 0
    if (!reasons.length) {
      // Nothing running that would send them: they wait for a job.
      if (++idleWithEvents === 3) {
        throw new Error(`waitForQuiet: the outbox holds events nothing is delivering: ${waiting.join(", ")}`)
      }
    } else {
      idleWithEvents = 0
    }
    if (Date.now() > deadline) {
      throw new Error(`waitForQuiet: not quiet after ${timeout} ms: ${[...reasons, ...waiting.map((name) => `undelivered ${name}`)].join("; ")}`)
    }
    // Something is running that the watch does not hold a promise for (a workflow, a release): look again shortly.
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
