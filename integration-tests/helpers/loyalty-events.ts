import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import cartUpdated from "../../src/subscribers/cart-updated"
import customerCreated from "../../src/subscribers/customer-created"
import orderCanceled from "../../src/subscribers/order-canceled"
import orderClaimCreated from "../../src/subscribers/order-claim-created"
import orderEditConfirmed from "../../src/subscribers/order-edit-confirmed"
import orderExchangeCreated from "../../src/subscribers/order-exchange-created"
import orderPlaced from "../../src/subscribers/order-placed"
import orderReturnReceived from "../../src/subscribers/order-return-received"
import paymentRefunded from "../../src/subscribers/payment-refunded"
import { waitForQuiet, watchEventBus } from "./quiet"

export { waitForQuiet, watchEventBus }

export type RecordedEvent = { name: string; data: any }

/**
 * Records the plugin's `loyalty.*` events as the local event bus emits them
 * (it repeats every event on "*"). Call start() in beforeEach, stop() in afterEach.
 * start() also watches the bus, so waitForQuiet can tell when every subscriber is done.
 */
export function loyaltyEventRecorder(getContainer: () => MedusaContainer) {
  const recorder = {
    events: [] as RecordedEvent[],
    start() {
      recorder.events = []
      watchEventBus(getContainer())
      eventBusOf(getContainer()).eventEmitter_.on("*", record)
    },
    stop() {
      eventBusOf(getContainer()).eventEmitter_.off("*", record)
    },
  }
  function record(event: any) {
    if (String(event.name).startsWith("loyalty.")) recorder.events.push({ name: event.name, data: event.data })
  }
  return recorder
}

/** The local event bus, with the emitter Medusa's TestEventUtils wait on. */
export const eventBusOf = (container: MedusaContainer) => container.resolve(Modules.EVENT_BUS) as any


const PLUGIN_SUBSCRIBERS: Record<string, (args: any) => Promise<void>> = {
  "cart.updated": cartUpdated,
  "customer.created": customerCreated,
  "order.canceled": orderCanceled,
  "order.claim_created": orderClaimCreated,
  "order-edit.confirmed": orderEditConfirmed,
  "order.exchange_created": orderExchangeCreated,
  "order.placed": orderPlaced,
  "order.return_received": orderReturnReceived,
  "payment.refunded": paymentRefunded,
}

/**
 * Delivers an event to the plugin's own subscriber `times` times, one after
 * the other or all at once, and returns when every delivery is handled. (The
 * test utils' triggerCount counts every app's subscribers together, so with
 * @medusajs/loyalty-plugin also on order.placed it cannot say when ours are done.)
 */
export async function deliver(
  container: MedusaContainer,
  name: string,
  data: unknown,
  times: number,
  mode: "serial" | "concurrent"
) {
  const handler = PLUGIN_SUBSCRIBERS[name]
  if (!handler) {
    throw new Error(`no plugin subscriber for ${name}`)
  }
  const once = () => handler({ event: { name, data }, container, pluginOptions: {} })
  if (mode === "concurrent") {
    await Promise.all(Array.from({ length: times }, once))
    return
  }
  for (let i = 0; i < times; i++) {
    await once()
  }
}

/**
 * Emits an event on Medusa's event bus `times` times, as Medusa delivers it (every app's
 * subscribers, the plugin's among them): all in one emit, so the subscribers run at once, or
 * one after the other, each once the app is quiet. Returns when the app is quiet (waitForQuiet).
 */
export async function emitOnBus(
  container: MedusaContainer,
  name: string,
  data: unknown,
  times: number,
  mode: "serial" | "concurrent"
) {
  watchEventBus(container)
  const bus = eventBusOf(container)
  if (mode === "concurrent") {
    await bus.emit(Array.from({ length: times }, () => ({ name, data })))
    await waitForQuiet(container)
    return
  }
  for (let i = 0; i < times; i++) {
    await bus.emit({ name, data })
    await waitForQuiet(container)
  }
}

/**
 * Retries an assertion until it holds or `timeout` ms pass (for work that events finish later).
 * It returns the first moment the assertion holds: a check that something happened exactly
 * once waits for quiet instead (./quiet.ts), or a duplicate arriving later goes unseen.
 */
export async function eventually(assertion: () => Promise<void>, timeout = 30_000) {
  const deadline = Date.now() + timeout
  for (;;) {
    try {
      return await assertion()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

/** Runs `action` and waits until every app's subscribers have handled each of `eventNames` once. */
export async function afterHandled<T>(
  container: MedusaContainer,
  eventNames: string[],
  action: () => Promise<T>
): Promise<T> {
  const { TestEventUtils } = await import("@medusajs/test-utils")
  const waits = eventNames.map((name) =>
    TestEventUtils.waitSubscribersExecution(name, eventBusOf(container), { timeout: 60_000 })
  )
  const result = await action()
  await Promise.all(waits)
  return result
}
