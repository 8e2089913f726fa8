import { deliverAlongside } from "../event-delivery"

/** A delivery that the test lets finish: each call waits until `finishOne(n)` says it sent n. */
function controlledDelivery() {
  const pending: ((sent: number) => void)[] = []
  return {
    calls: () => pending.length,
    deliver: () => new Promise<number>((resolve) => pending.push(resolve)),
    finishOne: async (sent: number) => {
      pending.shift()!(sent)
      await new Promise((resolve) => setImmediate(resolve))
    },
  }
}

const logger = () => ({ warn: jest.fn() })

describe("deliverAlongside", () => {
  it("starts one delivery at a time, and looks again when poked while delivering", async () => {
    const delivery = controlledDelivery()
    const alongside = deliverAlongside(delivery.deliver, logger())
    alongside.poke()
    alongside.poke()
    alongside.poke()
    expect(delivery.calls()).toBe(1)
    await delivery.finishOne(3)
    // Poked while the first ran: one more pass, for what the later batches wrote.
    expect(delivery.calls()).toBe(1)
    await delivery.finishOne(2)
    const finished = alongside.finish()
    await new Promise((resolve) => setImmediate(resolve))
    expect(delivery.calls()).toBe(0)
    await expect(finished).resolves.toBe(5)
  })

  it("waits in finish() for the delivery that is running", async () => {
    const delivery = controlledDelivery()
    const alongside = deliverAlongside(delivery.deliver, logger())
    alongside.poke()
    let done = false
    const finished = alongside.finish().then((n) => ((done = true), n))
    await new Promise((resolve) => setImmediate(resolve))
    expect(done).toBe(false)
    await delivery.finishOne(4)
    await expect(finished).resolves.toBe(4)
  })

  it("does nothing until poked", async () => {
    const delivery = controlledDelivery()
    await expect(deliverAlongside(delivery.deliver, logger()).finish()).resolves.toBe(0)
    expect(delivery.calls()).toBe(0)
  })

  it("logs a failed delivery and leaves the events for the job's own delivery step", async () => {
    const log = logger()
    const alongside = deliverAlongside(() => Promise.reject(new Error("event bus is down")), log)
    alongside.poke()
    await expect(alongside.finish()).resolves.toBe(0)
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining("event bus is down"))
    // A later poke tries again.
    alongside.poke()
    await alongside.finish()
    expect(log.warn).toHaveBeenCalledTimes(2)
  })
})
