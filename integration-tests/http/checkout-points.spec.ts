import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import releaseStaleReservations from "../../src/jobs/release-stale-reservations"
import { releaseStaleHolds } from "../../src/workflows/checkout/release-stale-holds"
import { createShopper, storeHeaders } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"
import { createLoyaltyStore } from "../helpers/loyalty-store"
import { deliver, eventBusOf, loyaltyEventRecorder } from "../helpers/loyalty-events"
import { waitForQuiet } from "../helpers/quiet"
import {
  completeCart,
  completePaidCart,
  createCart,
  getOrder,
  payCart,
  returnItems,
  SHIRT_AND_MUG,
  type StoreFixture,
} from "../helpers/store-fixture"
import { errorOf } from "../helpers/http-error"

jest.setTimeout(300_000)

const HOUR = 60 * 60 * 1000


medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("paying with points at checkout", () => {
      let admin: { headers: Record<string, string> }
      let fixture: StoreFixture
      let shopper: Awaited<ReturnType<typeof createShopper>>
      let loyalty: LoyaltyModuleService
      const recorder = loyaltyEventRecorder(getContainer)
      const eventBus = () => eventBusOf(getContainer())

      beforeEach(async () => {
        ;({ admin, fixture, shopper, loyalty } = await createLoyaltyStore(getContainer(), api))
        await giveBalance(shopper, 5000)
        recorder.start()
      })

      afterEach(async () => {
        recorder.stop()
        await expectLedgerInvariants(getContainer())
      })

      async function giveBalance(who: { customer: { id: string } }, points: number) {
        await loyalty.adjust({
          customer_id: who.customer.id,
          points,
          reason: "Starting balance",
          idempotency_key: `test:start:${who.customer.id}`,
        })
      }

      const pointsUrl = (cartId: string) => `/store/carts/${cartId}/loyalty-points`
      const applyPoints = (cartId: string, points: unknown, headers = shopper.headers) =>
        api.post(pointsUrl(cartId), { points }, headers)
      const pointsOf = async (cartId: string, headers = shopper.headers) =>
        (await api.get(pointsUrl(cartId), headers)).data
      const account = async (customerId = shopper.customer.id) =>
        (await api.get(`/admin/customers/${customerId}/loyalty`, admin)).data.account


      /** Completes a cart and waits for the plugin's order.placed subscriber. */
      async function complete(cartId: string, headers = shopper.headers) {
        const placed = TestEventUtils.waitSubscribersExecution("order.placed", eventBus(), { timeout: 60_000 })
        const order = await completeCart(api, headers, cartId)
        await placed
        await expectLedgerInvariants(getContainer())
        return getOrder(api, admin, order.id)
      }

      describe("a full checkout", () => {
        it("in a tax-exclusive eur region: the discount includes tax, tax is on the rest, the points are spent once", async () => {
          const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
          // Items 84 with tax; at most 30 % of it, 25.20, is 2520 points.
          expect(await pointsOf(cart.id)).toEqual({
            applied_points: 0,
            max_redeemable_points: 2520,
            earnable_points: 350,
            balance: 5000,
            notice: null,
          })

          const { data } = await applyPoints(cart.id, 1000)
          // 10.00 off the items' 84 with tax: 74, of which 61.67 net and 12.33 tax; shipping 12.
          expect(data.cart.item_total).toBeCloseTo(74, 6)
          expect(data.cart.total).toBeCloseTo(86, 6)
          expect(data.cart.tax_total).toBeCloseTo(12 + 1 / 3 + 2, 6)
          // A short code a promo-code badge shows whole, naming no cart.
          expect(data.cart.promotions.map((p: any) => p.code)).toEqual([expect.stringMatching(/^POINTS-[0-9A-HJKMNP-TV-Z]{8}$/)])
          expect(await account()).toMatchObject({ balance: 5000, reserved: 1000, spendable: 4000 })
          expect(await pointsOf(cart.id)).toEqual({
            applied_points: 1000,
            max_redeemable_points: 2520,
            // 61.67 net × 5 % = 3.08 → 308 points.
            earnable_points: 308,
            balance: 5000,
            notice: null,
          })

          const order = await complete(cart.id)
          expect(order.total).toBeCloseTo(86, 6)
          expect(order.item_tax_total).toBeCloseTo(12 + 1 / 3, 6)
          expect(await account()).toMatchObject({ balance: 4000, reserved: 0, pending: 308, lifetime_spent: 1000 })
          expect((await api.get(`/admin/orders/${order.id}/loyalty`, admin)).data).toMatchObject({
            spent: 1000,
            earned: 308,
          })
          await waitForQuiet(getContainer())
          expect(recorder.events.map((e) => e.name)).toEqual(["loyalty.points_redeemed", "loyalty.points_earned"])
          expect(recorder.events[0].data).toMatchObject({ order_id: order.id, points: 1000 })

          // order.placed again, three times at once: nothing more is spent.
          await deliver(getContainer(), "order.placed", { id: order.id }, 3, "concurrent")
          await waitForQuiet(getContainer())
          expect(await account()).toMatchObject({ balance: 4000, reserved: 0, pending: 308, lifetime_spent: 1000 })
          expect(recorder.events).toHaveLength(2)
        })

        it("in a tax-inclusive usd region: the shopper pays exactly the points' value less", async () => {
          const cart = await createCart(api, fixture, shopper.headers, { currency: "usd", items: SHIRT_AND_MUG })
          const { data } = await applyPoints(cart.id, 1000)
          expect(data.cart.item_total).toBeCloseTo(60, 6)
          expect(data.cart.total).toBeCloseTo(70, 6)
          // Tax included in 60 at 10 %, plus the shipping's.
          expect(data.cart.tax_total).toBeCloseTo(60 - 60 / 1.1 + (10 - 10 / 1.1), 6)

          const order = await complete(cart.id)
          expect(order.total).toBeCloseTo(70, 6)
          // 60 / 1.1 = 54.55 × 5 % → 272 points.
          expect(await account()).toMatchObject({ balance: 4000, pending: 272, reserved: 0 })
        })
      })

      describe("changing the amount", () => {
        it("replaces the amount on a second call and gives everything back on DELETE", async () => {
          const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
          await applyPoints(cart.id, 1000)
          const { data } = await applyPoints(cart.id, 500)
          expect(data.cart.total).toBeCloseTo(91, 6)
          expect(await account()).toMatchObject({ reserved: 500 })

          const removed = await api.delete(pointsUrl(cart.id), shopper.headers)
          expect(removed.data.cart.total).toBeCloseTo(96, 6)
          expect(removed.data.cart.promotions).toEqual([])
          expect(await account()).toMatchObject({ balance: 5000, reserved: 0 })
          const order = await complete(cart.id)
          expect(order.total).toBeCloseTo(96, 6)
          expect(await account()).toMatchObject({ balance: 5000, lifetime_spent: 0 })
        })

        const fourShirts = [{ variant: "shirt" as const, quantity: 4 }]
        it.each([
          // Four shirts cost 240 with tax: 30 % is 7200 points, more than the 5000 there are.
          ["more than the balance", fourShirts, 6000, /points: 6000 is too many, you have 5000 points available to spend/],
          ["more than max_redeem_percent", SHIRT_AND_MUG, 2521, /at most 30 % of this cart \(max_redeem_percent\): at most 2520 points/],
          ["fewer than min_redeem_points", SHIRT_AND_MUG, 50, /at least 100 points must be applied \(min_redeem_points\)/],
          ["a fraction", SHIRT_AND_MUG, 1.5, /'int' for field 'points'/],
          ["zero", SHIRT_AND_MUG, 0, /field 'points' too small, expected at least: '1'/],
          ["text", SHIRT_AND_MUG, "100", /'number' for field 'points'/],
        ])("refuses %s with a 400 that says why, and holds nothing", async (_, items, points, message) => {
          await api.post("/admin/loyalty/program", { min_redeem_points: 100 }, admin)
          const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items })
          const error = await errorOf(applyPoints(cart.id, points))
          expect(error.status).toBe(400)
          expect(error.message).toMatch(message)
          expect(await account()).toMatchObject({ reserved: 0 })
          expect(await pointsOf(cart.id)).toMatchObject({ applied_points: 0 })
        })

        it("refuses unknown fields and a currency without a point value", async () => {
          const cart = await createCart(api, fixture, shopper.headers, { currency: "usd", items: SHIRT_AND_MUG })
          const unknown = await errorOf(api.post(pointsUrl(cart.id), { points: 100, extra: 1 }, shopper.headers))
          expect(unknown).toMatchObject({ status: 400, message: expect.stringMatching(/extra/) })

          await api.post("/admin/loyalty/program", { point_values: { eur: 0.01 } }, admin)
          const noValue = await errorOf(applyPoints(cart.id, 100))
          expect(noValue).toMatchObject({ status: 400, message: expect.stringMatching(/USD/) })
          expect(await account()).toMatchObject({ reserved: 0 })
        })

        it("drops an oversized discount at once when the cart shrinks, then re-caps it to what fits", async () => {
          const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
          await applyPoints(cart.id, 2520)
          const mug = cart.items.find((item: any) => item.variant_id === fixture.products.mug.variantId)
          const reconciled = TestEventUtils.waitSubscribersExecution("cart.updated", eventBus(), { timeout: 60_000 })
          const { data } = await api.delete(`/store/carts/${cart.id}/line-items/${mug.id}`, shopper.headers)
          // 25.20 of a 60 cart would be 42 %: the promotion's own rule takes it off in this very request.
          expect(data.parent.promotions).toEqual([])
          expect(data.parent.total).toBeCloseTo(72, 6)
          await reconciled
          // Then the plugin puts back the most that fits: 30 % of 60 = 18.00 = 1800 points.
          expect(await pointsOf(cart.id)).toMatchObject({ applied_points: 1800, max_redeemable_points: 1800 })
          expect(await account()).toMatchObject({ reserved: 1800 })

          const order = await complete(cart.id)
          expect(order.total).toBeCloseTo(54, 6)
          expect(await account()).toMatchObject({ balance: 3200, reserved: 0, lifetime_spent: 1800 })
        })

        it("takes the points off when what fits falls below min_redeem_points", async () => {
          await api.post("/admin/loyalty/program", { min_redeem_points: 2000 }, admin)
          const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
          await applyPoints(cart.id, 2520)
          const mug = cart.items.find((item: any) => item.variant_id === fixture.products.mug.variantId)
          const reconciled = TestEventUtils.waitSubscribersExecution("cart.updated", eventBus(), { timeout: 60_000 })
          await api.delete(`/store/carts/${cart.id}/line-items/${mug.id}`, shopper.headers)
          await reconciled
          expect(await pointsOf(cart.id)).toMatchObject({ applied_points: 0 })
          expect(await account()).toMatchObject({ balance: 5000, reserved: 0 })

          const order = await complete(cart.id)
          expect(order.total).toBeCloseTo(72, 6)
          expect(await account()).toMatchObject({ balance: 5000, lifetime_spent: 0 })
        })
      })

      describe("who may use points", () => {
        it("answers 401 without a login and for a guest cart, 404 for another customer's cart", async () => {
          const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
          const anonymous = storeHeaders(fixture.publishableKey)
          expect((await errorOf(api.get(pointsUrl(cart.id), anonymous))).status).toBe(401)
          expect((await errorOf(applyPoints(cart.id, 100, anonymous))).status).toBe(401)

          const guestCart = await createCart(api, fixture, anonymous, {
            currency: "eur",
            items: SHIRT_AND_MUG,
            email: "guest@test.dev",
          })
          expect((await errorOf(applyPoints(guestCart.id, 100))).status).toBe(401)

          const other = await createShopper(getContainer(), fixture.publishableKey, "other@test.dev")
          await giveBalance(other, 5000)
          expect((await errorOf(applyPoints(cart.id, 100, other.headers))).status).toBe(404)
          expect((await errorOf(api.get(pointsUrl(cart.id), other.headers))).status).toBe(404)
          expect((await errorOf(api.delete(pointsUrl(cart.id), other.headers))).status).toBe(404)
          expect(await account(other.customer.id)).toMatchObject({ reserved: 0 })
          expect(await account()).toMatchObject({ reserved: 0 })
        })

        it("lets no one apply a points promotion code by hand to another cart", async () => {
          const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
          const { data: applied } = await applyPoints(cart.id, 1000)
          const [{ code }] = applied.cart.promotions

          const mine = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
          const other = await createShopper(getContainer(), fixture.publishableKey, "other@test.dev")
          const theirs = await createCart(api, fixture, other.headers, { currency: "eur", items: SHIRT_AND_MUG })
          for (const [target, headers] of [
            [mine, shopper.headers],
            [theirs, other.headers],
          ] as const) {
            const attempt = await api
              .post(`/store/carts/${target.id}/promotions`, { promo_codes: [code] }, headers)
              .catch((e: any) => e.response)
            const { data } = await api.get(`/store/carts/${target.id}`, headers)
            expect(data.cart.promotions).toEqual([])
            expect(data.cart.total).toBeCloseTo(96, 6)
            expect(attempt.status).toBeLessThan(500)
          }
        })
      })

      describe("concurrency", () => {
        it("never holds more than the balance, whatever 30 concurrent requests on several carts do", async () => {
          const carts: { id: string }[] = []
          for (let i = 0; i < 6; i++) {
            carts.push(await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG }))
          }
          const requests = Array.from({ length: 30 }, (_, i) => applyPoints(carts[i % 6].id, 1200 + (i % 5) * 100))
          const outcomes = await Promise.allSettled(requests)
          const refused = outcomes.filter((o) => o.status === "rejected") as PromiseRejectedResult[]
          for (const { reason } of refused) {
            expect(reason.response?.status).toBeGreaterThanOrEqual(400)
            expect(reason.response?.status).toBeLessThan(500)
          }
          expect(outcomes.some((o) => o.status === "fulfilled")).toBe(true)

          const { reserved, balance } = await account()
          expect(balance).toBe(5000)
          expect(reserved).toBeLessThanOrEqual(5000)
          // What is held is exactly what the carts show.
          let shown = 0
          for (const cart of carts) shown += (await pointsOf(cart.id)).applied_points
          expect(shown).toBe(reserved)
        })

        it("never spends more than the balance when two carts complete at once", async () => {
          const first = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
          const second = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
          await applyPoints(first.id, 2500)
          await applyPoints(second.id, 2500)
          expect((await errorOf(applyPoints(second.id, 2501))).status).toBe(400)

          await payCart(api, shopper.headers, first.id)
          await payCart(api, shopper.headers, second.id)
          await Promise.all([first, second].map((cart) => completePaidCart(api, shopper.headers, cart.id)))
          await waitForQuiet(getContainer())
          expect(await account()).toMatchObject({ balance: 0, reserved: 0, lifetime_spent: 5000 })
        })
      })

      describe("abandoned carts", () => {
        it("gives the points back after reservation_ttl_hours; completing later costs the full price", async () => {
          const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
          await applyPoints(cart.id, 1000)
          // The shopper reached the payment step before leaving.
          await payCart(api, shopper.headers, cart.id)

          expect(await releaseStaleHolds(getContainer(), { now: new Date(Date.now() + 23 * HOUR) })).toEqual({
            released: 0,
            committed: 0,
            failed: 0,
            failed_ids: [],
          })
          const later = new Date(Date.now() + 25 * HOUR)
          const runs = await Promise.all([
            releaseStaleHolds(getContainer(), { now: later }),
            releaseStaleHolds(getContainer(), { now: later }),
          ])
          expect(runs.reduce((n, r) => n + r.released, 0)).toBeGreaterThanOrEqual(1)
          expect(runs.reduce((n, r) => n + r.failed, 0)).toBeLessThanOrEqual(1)
          expect(await account()).toMatchObject({ balance: 5000, reserved: 0 })
          expect(await pointsOf(cart.id)).toMatchObject({
            applied_points: 0,
            notice: { code: "removed_expired", message: expect.stringMatching(/24 hours/) },
          })
          // The payment collection follows the full price; the old session is gone.
          const { data } = await api.get(
            `/store/carts/${cart.id}?fields=+total,*payment_collection,*payment_collection.payment_sessions`,
            shopper.headers
          )
          expect(Number(data.cart.payment_collection.amount)).toBeCloseTo(96, 6)
          expect(data.cart.payment_collection.payment_sessions).toEqual([])

          const order = await complete(cart.id)
          expect(order.total).toBeCloseTo(96, 6)
          expect(await account()).toMatchObject({ balance: 5000, lifetime_spent: 0 })
        })
      })

      it("the job passes over a hold that fails and releases the ones after it, in batches", async () => {
        // The job runs every 15 minutes; its holds here are 24 hours old.
        await api.post("/admin/loyalty/program", { reservation_ttl_hours: 1 }, admin)
        const carts: { id: string }[] = []
        for (let i = 0; i < 3; i++) {
          carts.push(await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG }))
          await applyPoints(carts[i].id, 100)
        }
        const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        // All three are due; the oldest cannot be settled (a test-only fault on its row).
        await pg.raw(`UPDATE loyalty_reservation SET expires_at = now() - interval '1 hour' * (10 - array_position(?::text[], cart_id))
          WHERE status = 'active'`, [carts.map((c) => c.id)])
        await pg.raw(`
          CREATE FUNCTION loyalty_test_poison() RETURNS trigger AS $$
          BEGIN IF NEW.cart_id = '${carts[0].id}' THEN RAISE EXCEPTION 'injected: this hold cannot be settled'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
          CREATE TRIGGER loyalty_test_poison BEFORE UPDATE ON loyalty_reservation FOR EACH ROW EXECUTE FUNCTION loyalty_test_poison();`)
        try {
          await releaseStaleReservations(getContainer())
        } finally {
          await pg.raw(`DROP TRIGGER loyalty_test_poison ON loyalty_reservation; DROP FUNCTION loyalty_test_poison();`)
        }
        expect(await pointsOf(carts[0].id)).toMatchObject({ applied_points: 100 })
        expect(await pointsOf(carts[1].id)).toMatchObject({ applied_points: 0 })
        expect(await pointsOf(carts[2].id)).toMatchObject({ applied_points: 0 })
        expect(await account()).toMatchObject({ reserved: 100 })
        // The next run settles it once the fault is gone.
        await releaseStaleReservations(getContainer())
        expect(await account()).toMatchObject({ balance: 5000, reserved: 0 })
      })

      describe("beside other checkout extensions", () => {
        it("works with store credit from @medusajs/loyalty-plugin on the same cart", async () => {
          const { data: created } = await api.post(
            "/admin/store-credit-accounts",
            { currency_code: "eur", customer_id: shopper.customer.id },
            admin
          )
          await api.post(
            `/admin/store-credit-accounts/${created.store_credit_account.id}/credit`,
            { amount: 20 },
            admin
          )
          const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
          await applyPoints(cart.id, 1000)
          const { data } = await api.post(`/store/carts/${cart.id}/store-credits`, { amount: 20 }, shopper.headers)
          // 96 − 10.00 of points − 20.00 of store credit.
          expect(data.cart.total).toBeCloseTo(66, 6)

          const order = await complete(cart.id)
          expect(order.total).toBeCloseTo(66, 6)
          expect(order.credit_line_total).toBeCloseTo(20, 6)
          // Store credit is a way to pay, not a refund: the order earns on its items after the points discount.
          expect(await account()).toMatchObject({ balance: 4000, reserved: 0, pending: 308, lifetime_spent: 1000 })
          const { data: credit } = await api.get(
            `/admin/store-credit-accounts/${created.store_credit_account.id}`,
            admin
          )
          expect(credit.store_credit_account.balance).toBeCloseTo(0, 6)
        })

        it("leaves the store's own completeCartWorkflow.hooks.validate handler in charge", async () => {
          const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
          await applyPoints(cart.id, 1000)
          await api.post(`/store/carts/${cart.id}`, { metadata: { host_app_blocks_checkout: true } }, shopper.headers)
          await payCart(api, shopper.headers, cart.id)
          const refused = await errorOf(completePaidCart(api, shopper.headers, cart.id))
          expect(JSON.stringify(refused)).toMatch(/The store's own checkout rule refused this cart/)
          expect(await account()).toMatchObject({ balance: 5000, reserved: 1000 })

          await api.post(`/store/carts/${cart.id}`, { metadata: { host_app_blocks_checkout: false } }, shopper.headers)
          const order = await complete(cart.id)
          expect(order.total).toBeCloseTo(86, 6)
          expect(await account()).toMatchObject({ balance: 4000, reserved: 0 })
        })
      })

      describe("returns of an order paid with points", () => {
        it("refunds money net of the discount and restores the returned items' share of the points", async () => {
          const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
          await applyPoints(cart.id, 1000)
          const order = await complete(cart.id)
          const mug = order.items.find((item: any) => item.variant_id === fixture.products.mug.variantId)

          const returned = TestEventUtils.waitSubscribersExecution("order.return_received", eventBus(), {
            timeout: 60_000,
          })
          const { refunded_amount } = await returnItems(api, admin, order.id, [{ item_id: mug.id, quantity: 1 }])
          await returned
          // The mug carried 20/70 of the 10.00 discount: 24 − 2.86 = 21.14 back in money,
          // and 1000 × 20/70 = 285.7 → 285 points.
          expect(refunded_amount).toBeCloseTo(24 - 20 / 7, 2)
          expect(await account()).toMatchObject({ balance: 4285 })
          expect((await api.get(`/admin/orders/${order.id}/loyalty`, admin)).data).toMatchObject({
            spent: 1000,
            restored: 285,
          })
        })
      })
    })
  },
})
