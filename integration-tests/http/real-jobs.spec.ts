import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import expirePoints from "../../src/jobs/expire-points"
import releaseStaleReservations from "../../src/jobs/release-stale-reservations"
import type { createShopper } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"
import { loyaltyEventRecorder, waitForQuiet } from "../helpers/loyalty-events"
import { createLoyaltyStore } from "../helpers/loyalty-store"
import { realFlows } from "../helpers/real-flows"
import { createCart, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(600_000)

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR
const later = (ms: number) => new Date(Date.now() + ms)

/**
 * The plugin's jobs as Medusa's scheduler runs them: the job file's default export called with
 * the app's container, on points a shopper holds and earns through the store API. A job's clock
 * is moved by the moment a run may be given (`now`), never by waiting.
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("the plugin's jobs", () => {
      let admin: { headers: Record<string, string> }
      let fixture: StoreFixture
      let shopper: Awaited<ReturnType<typeof createShopper>>
      const recorder = loyaltyEventRecorder(getContainer)
      const flows = realFlows(api, getContainer, () => ({ admin, fixture }))

      beforeEach(async () => {
        ;({ admin, fixture, shopper } = await createLoyaltyStore(getContainer(), api))
        recorder.start()
      })

      afterEach(async () => {
        recorder.stop()
        await expectLedgerInvariants(getContainer())
      })

      const me = () => shopper.customer.id
      const eventsNamed = (name: string) => recorder.events.filter((event) => event.name === name).map((event) => event.data)

      it("the abandoned-hold job gives back every hold older than reservation_ttl_hours, batch after batch", async () => {
        await flows.setProgram({ reservation_ttl_hours: 2 })
        await flows.credit(me(), 5000)
        const carts: { id: string }[] = []
        for (let i = 0; i < 5; i++) {
          const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: [{ variant: "mug", quantity: 1 }] })
          // The mug costs 24 with tax and shipping 12; 100 points take 1.00 off.
          expect(Number((await flows.applyPoints(shopper.headers, cart.id, 100)).total)).toBeCloseTo(35, 6)
          carts.push(cart)
        }
        expect(await flows.account(me())).toMatchObject({ balance: 5000, reserved: 500, spendable: 4500 })

        // An hour on, within the two hours: every hold stays.
        await releaseStaleReservations(getContainer(), { now: later(HOUR), batch_size: 2 })
        expect(await flows.account(me())).toMatchObject({ reserved: 500 })
        for (const cart of carts) {
          expect(await flows.cartPoints(shopper.headers, cart.id)).toMatchObject({ applied_points: 100, notice: null })
        }

        // Three hours on (the default 24 would keep them all): five holds in batches of two, all released.
        await releaseStaleReservations(getContainer(), { now: later(3 * HOUR), batch_size: 2 })
        expect(await flows.account(me())).toMatchObject({ balance: 5000, reserved: 0, spendable: 5000 })
        for (const cart of carts) {
          expect(await flows.cartPoints(shopper.headers, cart.id)).toMatchObject({
            applied_points: 0,
            notice: { code: "removed_expired", message: expect.stringMatching(/2 hours/) },
          })
          const { data } = await api.get(`/store/carts/${cart.id}?fields=+total,*promotions`, shopper.headers)
          expect(data.cart.promotions).toEqual([])
          expect(Number(data.cart.total)).toBeCloseTo(36, 6)
        }
      })

      it("the expiry job takes an inactive shopper's points after inactivity_days, warned expiry_warning_days before", async () => {
        const { expires_at: lotExpiresAt } = await flows.credit(me(), 1000)
        const balance = async () => (await flows.account(me())).balance
        // Inactivity expiry is off by default: a month on, the points are still there (their lot runs a year).
        await expirePoints(getContainer(), { now: later(31 * DAY) })
        expect(await balance()).toBe(1000)
        expect(new Date(lotExpiresAt).getTime()).toBeGreaterThan(later(300 * DAY).getTime())

        const switchedOn = Date.now()
        await flows.setProgram({ inactivity_days: 30, expiry_warning_days: 7 })

        // 22 days on, the 30 days end in more than a week: no warning yet.
        await expirePoints(getContainer(), { now: later(22 * DAY) })
        expect(await balance()).toBe(1000)
        expect(eventsNamed("loyalty.points_expiring")).toEqual([])
        // 24 days on they end within the week: one warning, however often the job runs.
        await expirePoints(getContainer(), { now: later(24 * DAY) })
        await expirePoints(getContainer(), { now: later(25 * DAY) })
        await waitForQuiet(getContainer())
        expect(eventsNamed("loyalty.points_expiring")).toEqual([
          expect.objectContaining({ reason: "inactivity", customer_id: me(), points: 1000 }),
        ])
        const [warning] = eventsNamed("loyalty.points_expiring")
        const warnedExpiry = new Date(warning.expires_at).getTime()
        expect(warnedExpiry).toBeGreaterThanOrEqual(switchedOn + 30 * DAY - 1000)
        expect(warnedExpiry).toBeLessThanOrEqual(Date.now() + 30 * DAY)

        // A day before the 30 days: nothing goes.
        await expirePoints(getContainer(), { now: later(29 * DAY) })
        expect(await balance()).toBe(1000)
        expect(eventsNamed("loyalty.points_expired")).toEqual([])

        // Past them: the whole balance expires for inactivity, once.
        await expirePoints(getContainer(), { now: later(31 * DAY) })
        await expirePoints(getContainer(), { now: later(32 * DAY) })
        expect(await flows.account(me())).toMatchObject({ balance: 0, spendable: 0 })
        await waitForQuiet(getContainer())
        expect(eventsNamed("loyalty.points_expired")).toEqual([
          expect.objectContaining({ customer_id: me(), points: 1000, balance: 0 }),
        ])
        const { data } = await api.get("/store/loyalty/account/transactions?type=expire", shopper.headers)
        expect(data.transactions).toEqual([
          expect.objectContaining({ points: -1000, description: "Expired after inactivity" }),
        ])
      })
    })
  },
})
