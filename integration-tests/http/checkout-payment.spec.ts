import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { releaseStaleHolds } from "../../src/workflows/checkout/release-stale-holds"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { createShopper } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"
import { injectWriteFault } from "../helpers/write-fault"
import { createLoyaltyStore } from "../helpers/loyalty-store"
import { afterHandled, deliver, eventBusOf } from "../helpers/loyalty-events"
import { waitForQuiet, watchEventBus } from "../helpers/quiet"
import {
  completePaidCart,
  createCart,
  getOrder,
  payCart,
  SHIRT_AND_MUG,
  type StoreFixture,
} from "../helpers/store-fixture"

jest.setTimeout(600_000)

const HOUR = 60 * 60 * 1000

/**
 * Checkouts in the order real storefronts run them (Medusa's starters open the payment
 * session at the payment step, before the review step where a shopper adds or removes
 * points): whatever happens to the points after the payment session, the card is authorized
 * exactly the order's total, and the points spent are exactly the discount the order got.
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("the card is charged the order's total whenever the points change", () => {
      let admin: { headers: Record<string, string> }
      let fixture: StoreFixture
      let shopper: Awaited<ReturnType<typeof createShopper>>
      let loyalty: LoyaltyModuleService

      beforeEach(async () => {
        watchEventBus(getContainer())
        ;({ admin, fixture, shopper, loyalty } = await createLoyaltyStore(getContainer(), api))
        await giveBalance(shopper, 5000)
      })

      afterEach(async () => {
        await expectLedgerInvariants(getContainer())
      })

      async function giveBalance(who: { customer: { id: string } }, points: number) {
        await loyalty.adjust({
          customer_id: who.customer.id,
          points,
          reason: "Starting balance",
          idempotency_key: `test:start:${who.customer.id}:${points}`,
        })
      }

      const pointsUrl = (cartId: string) => `/store/carts/${cartId}/loyalty-points`
      const account = async (customerId = shopper.customer.id) =>
        (await api.get(`/admin/customers/${customerId}/loyalty`, admin)).data.account
      const pointsOf = async (cartId: string, headers = shopper.headers) =>
        (await api.get(pointsUrl(cartId), headers)).data

      /** The cart as the storefront sees it, with its payment collection. */
      async function cartOf(cartId: string, headers = shopper.headers) {
        const fields = "+total,*payment_collection,*payment_collection.payment_sessions,*promotions"
        return (await api.get(`/store/carts/${cartId}?fields=${fields}`, headers)).data.cart
      }

      /** Completes a paid cart, waits for the plugin's order.placed work, reads the order as the admin. */
      async function complete(cartId: string, headers = shopper.headers) {
        const placed = await afterHandled(getContainer(), ["order.placed"], () =>
          completePaidCart(api, headers, cartId)
        )
        return getOrder(api, admin, placed.id)
      }

      /** What was authorized on the card for the order, to the cent. */
      function expectAuthorizedTotal(order: any) {
        const payments = order.payment_collections.flatMap((collection: any) => collection.payments ?? [])
        const authorized = payments.reduce((sum: number, payment: any) => sum + Number(payment.amount), 0)
        expect(Math.round(authorized * 100)).toBe(Math.round(Number(order.total) * 100))
        return authorized
      }

      /** The collection follows the cart's total at once; the stale session is gone, so completing needs a new one. */
      async function expectPaymentInStep(cartId: string) {
        const cart = await cartOf(cartId)
        expect(Number(cart.payment_collection.amount)).toBeCloseTo(Number(cart.total), 6)
        expect(cart.payment_collection.payment_sessions).toEqual([])
        const refused: any = await api.post(`/store/carts/${cartId}/complete`, {}, shopper.headers).catch((e) => e)
        expect(refused.response?.status ?? refused.status).toBeGreaterThanOrEqual(400)
        return cart
      }

      it("points applied after the payment session: authorized is the discounted total", async () => {
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        await payCart(api, shopper.headers, cart.id)
        expect(Number((await cartOf(cart.id)).payment_collection.amount)).toBeCloseTo(96, 6)

        const { data } = await api.post(pointsUrl(cart.id), { points: 1000 }, shopper.headers)
        expect(data.cart.total).toBeCloseTo(86, 6)
        await expectPaymentInStep(cart.id)

        await payCart(api, shopper.headers, cart.id)
        const order = await complete(cart.id)
        expect(order.total).toBeCloseTo(86, 6)
        expect(expectAuthorizedTotal(order)).toBeCloseTo(86, 6)
        expect(await account()).toMatchObject({ balance: 4000, reserved: 0, lifetime_spent: 1000 })
      })

      it("points taken off after the payment session: authorized is the full total and nothing is spent", async () => {
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        await api.post(pointsUrl(cart.id), { points: 1000 }, shopper.headers)
        await payCart(api, shopper.headers, cart.id)
        expect(Number((await cartOf(cart.id)).payment_collection.amount)).toBeCloseTo(86, 6)

        const { data } = await api.delete(pointsUrl(cart.id), shopper.headers)
        expect(data.cart.total).toBeCloseTo(96, 6)
        await expectPaymentInStep(cart.id)

        await payCart(api, shopper.headers, cart.id)
        const order = await complete(cart.id)
        expect(expectAuthorizedTotal(order)).toBeCloseTo(96, 6)
        expect(await account()).toMatchObject({ balance: 5000, reserved: 0, lifetime_spent: 0 })
      })

      it("points replaced after the payment session: authorized follows the new amount", async () => {
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        await api.post(pointsUrl(cart.id), { points: 1000 }, shopper.headers)
        await payCart(api, shopper.headers, cart.id)
        await api.post(pointsUrl(cart.id), { points: 400 }, shopper.headers)
        await expectPaymentInStep(cart.id)

        await payCart(api, shopper.headers, cart.id)
        const order = await complete(cart.id)
        expect(expectAuthorizedTotal(order)).toBeCloseTo(92, 6)
        expect(await account()).toMatchObject({ balance: 4600, reserved: 0, lifetime_spent: 400 })
      })

      it("an item removed after the payment session re-caps the points and the collection with them", async () => {
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        await api.post(pointsUrl(cart.id), { points: 2520 }, shopper.headers)
        await payCart(api, shopper.headers, cart.id)
        const mug = cart.items.find((item: any) => item.variant_id === fixture.products.mug.variantId)
        await afterHandled(getContainer(), ["cart.updated"], () =>
          api.delete(`/store/carts/${cart.id}/line-items/${mug.id}`, shopper.headers)
        )
        // 30 % of the shirt's 60 is 18.00: 1800 points, and the shopper is told why.
        expect(await pointsOf(cart.id)).toMatchObject({
          applied_points: 1800,
          notice: { code: "capped", message: expect.stringMatching(/lowered to 1800/) },
        })
        const capped = await expectPaymentInStep(cart.id)
        expect(Number(capped.total)).toBeCloseTo(54, 6)

        await payCart(api, shopper.headers, cart.id)
        const order = await complete(cart.id)
        expect(expectAuthorizedTotal(order)).toBeCloseTo(54, 6)
        expect(await account()).toMatchObject({ balance: 3200, reserved: 0, lifetime_spent: 1800 })
      })

      it.each([
        ["DELETE /store/carts/:id/promotions", (cartId: string, code: string) =>
          api.delete(`/store/carts/${cartId}/promotions`, { ...shopper.headers, data: { promo_codes: [code] } })],
        ["POST /store/carts/:id/promotions with no codes", (cartId: string) =>
          api.post(`/store/carts/${cartId}/promotions`, { promo_codes: [] }, shopper.headers)],
        ["POST /store/carts/:id { promo_codes: [] }", (cartId: string) =>
          afterHandled(getContainer(), ["cart.updated"], () =>
            api.post(`/store/carts/${cartId}`, { promo_codes: [] }, shopper.headers))],
      ])("the points code taken off through %s releases the points for good", async (_, takeOff) => {
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        const { data } = await api.post(pointsUrl(cart.id), { points: 1000 }, shopper.headers)
        const [{ code }] = data.cart.promotions
        await payCart(api, shopper.headers, cart.id)

        await takeOff(cart.id, code)
        expect(await account()).toMatchObject({ balance: 5000, reserved: 0 })
        expect(await pointsOf(cart.id)).toMatchObject({ applied_points: 0 })
        await expectPaymentInStep(cart.id)

        // A later cart change does not put the points back.
        await afterHandled(getContainer(), ["cart.updated"], () =>
          api.post(`/store/carts/${cart.id}`, { metadata: { gift: true } }, shopper.headers)
        )
        expect(await pointsOf(cart.id)).toMatchObject({ applied_points: 0 })
        expect((await cartOf(cart.id)).promotions).toEqual([])

        await payCart(api, shopper.headers, cart.id)
        const order = await complete(cart.id)
        expect(expectAuthorizedTotal(order)).toBeCloseTo(96, 6)
        expect(await account()).toMatchObject({ balance: 5000, reserved: 0, lifetime_spent: 0 })
      })

      it("a discount Medusa dropped while the points still fit is put back, not released", async () => {
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        await api.post(pointsUrl(cart.id), { points: 2520 }, shopper.headers)
        await payCart(api, shopper.headers, cart.id)
        // The admin allows more meanwhile; the promotion's own price rule still says 30 % of 84.
        await api.post("/admin/loyalty/program", { max_redeem_percent: 50 }, admin)
        const mug = cart.items.find((item: any) => item.variant_id === fixture.products.mug.variantId)
        await afterHandled(getContainer(), ["cart.updated"], () =>
          api.delete(`/store/carts/${cart.id}/line-items/${mug.id}`, shopper.headers)
        )
        // 50 % of 60 is 3000 points: the 2520 still fit and are on the cart again.
        expect(await pointsOf(cart.id)).toMatchObject({ applied_points: 2520 })
        expect(await account()).toMatchObject({ reserved: 2520 })
        const again = await expectPaymentInStep(cart.id)
        expect(Number(again.total)).toBeCloseTo(72 - 25.2, 6)
      })

      it("a promo-code request Medusa refuses (an unknown code) leaves the points on", async () => {
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        await api.post(pointsUrl(cart.id), { points: 1000 }, shopper.headers)
        const refused: any = await api
          .post(`/store/carts/${cart.id}`, { promo_codes: ["NO-SUCH-CODE"] }, shopper.headers)
          .catch((e) => e.response)
        expect(refused.status).toBe(400)
        expect(await account()).toMatchObject({ reserved: 1000 })
        expect(await pointsOf(cart.id)).toMatchObject({ applied_points: 1000 })
        expect(Number((await cartOf(cart.id)).total)).toBeCloseTo(86, 6)
      })

      it("a points code taken off in the promo box stays off even when the points no longer fit", async () => {
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        const { data } = await api.post(pointsUrl(cart.id), { points: 2520 }, shopper.headers)
        const [{ code }] = data.cart.promotions
        await api.post("/admin/loyalty/program", { max_redeem_percent: 20 }, admin)
        const { data: answer } = await api.delete(`/store/carts/${cart.id}/promotions`, {
          ...shopper.headers,
          data: { promo_codes: [code] },
        })
        expect(answer.cart.promotions).toEqual([])
        expect(await account()).toMatchObject({ balance: 5000, reserved: 0 })
        await afterHandled(getContainer(), ["cart.updated"], () =>
          api.post(`/store/carts/${cart.id}`, { metadata: { note: "later" } }, shopper.headers)
        )
        expect(await pointsOf(cart.id)).toMatchObject({ applied_points: 0 })
        expect(await account()).toMatchObject({ reserved: 0 })
      })

      it("points taken off while a cart change is being reconciled stay off (10 rounds)", async () => {
        for (let round = 0; round < 10; round++) {
          const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
          await api.post(pointsUrl(cart.id), { points: 2520 }, shopper.headers)
          const mug = cart.items.find((item: any) => item.variant_id === fixture.products.mug.variantId)
          // The shrink makes the plugin re-cap on cart.updated; the shopper takes the points off meanwhile.
          await afterHandled(getContainer(), ["cart.updated"], async () => {
            await api.delete(`/store/carts/${cart.id}/line-items/${mug.id}`, shopper.headers)
            await new Promise((resolve) => setTimeout(resolve, (round * 13) % 60))
            await api.delete(pointsUrl(cart.id), shopper.headers)
          })
          expect(await pointsOf(cart.id)).toMatchObject({ applied_points: 0 })
          expect((await cartOf(cart.id)).promotions).toEqual([])
          expect(await account()).toMatchObject({ balance: 5000, reserved: 0 })
        }
      })

      it("a cart taken over by another shopper gives the first owner's hold back at once", async () => {
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        await api.post(pointsUrl(cart.id), { points: 1000 }, shopper.headers)
        await payCart(api, shopper.headers, cart.id)
        const other = await createShopper(getContainer(), fixture.publishableKey, "other@test.dev")
        await giveBalance(other, 300)

        const { data } = await api.post(`/store/carts/${cart.id}/customer`, {}, other.headers)
        expect(data.cart.customer_id).toBe(other.customer.id)
        // The answer already shows the cart without the first owner's points.
        expect(data.cart.promotions).toEqual([])
        expect(Number(data.cart.total)).toBeCloseTo(96, 6)
        expect(await account()).toMatchObject({ balance: 5000, reserved: 0 })
        // The new owner's estimate counts only their own 300 points.
        expect(await pointsOf(cart.id, other.headers)).toMatchObject({
          applied_points: 0,
          balance: 300,
          max_redeemable_points: 300,
        })
        await api.post(pointsUrl(cart.id), { points: 300 }, other.headers)
        await payCart(api, other.headers, cart.id)
        const order = await complete(cart.id, other.headers)
        expect(expectAuthorizedTotal(order)).toBeCloseTo(93, 6)
        expect(await account(other.customer.id)).toMatchObject({ balance: 0, reserved: 0, lifetime_spent: 300 })
        expect(await account()).toMatchObject({ balance: 5000, reserved: 0, lifetime_spent: 0 })
      })

      it("taking the points off while the cart completes never spends them twice (30 rounds)", async () => {
        await loyalty.adjust({
          customer_id: shopper.customer.id,
          points: -4000,
          reason: "Down to 1000",
          idempotency_key: `test:down:${shopper.customer.id}`,
        })
        await api.post("/admin/loyalty/program", { allow_negative_balance: false }, admin)
        let expectedSpent = 0
        for (let round = 0; round < 30; round++) {
          const x = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
          const y = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
          await api.post(pointsUrl(x.id), { points: 1000 }, shopper.headers)
          await payCart(api, shopper.headers, x.id)

          // Which request leaves first alternates, a few milliseconds apart, so both orders of
          // arrival and the moments in between are met.
          const gap = (round * 7) % 40
          const completing = () => completePaidCart(api, shopper.headers, x.id)
          const removing = () => api.delete(pointsUrl(x.id), shopper.headers)
          const later = <T>(run: () => Promise<T>) => new Promise((resolve) => setTimeout(resolve, gap)).then(run)
          const [completed, removed] = await Promise.allSettled(
            round % 2 ? [completing(), later(removing)] : [later(completing), removing()]
          )
          const removedFirst = removed.status === "fulfilled"
          let xOrder: any = null
          if (completed.status === "fulfilled") {
            xOrder = await getOrder(api, admin, completed.value.id)
          } else {
            // Removed first: the session went with the old total, the shopper pays again.
            expect(removedFirst).toBe(true)
            await payCart(api, shopper.headers, x.id)
            xOrder = await getOrder(api, admin, (await completePaidCart(api, shopper.headers, x.id)).id)
          }
          // Either way the card is charged what the order costs.
          expectAuthorizedTotal(xOrder)
          const xDiscounted = Number(xOrder.total) < 96 - 0.001

          const yApplied = await api.post(pointsUrl(y.id), { points: 1000 }, shopper.headers).catch((e: any) => e.response)
          if (xDiscounted) {
            // X's order used the points: Y cannot have them too.
            expect(yApplied.status).toBe(400)
          } else {
            expect(yApplied.status).toBe(200)
          }
          await payCart(api, shopper.headers, y.id)
          const yOrder = await getOrder(api, admin, (await completePaidCart(api, shopper.headers, y.id)).id)
          expectAuthorizedTotal(yOrder)
          const yDiscounted = Number(yOrder.total) < 96 - 0.001
          expect(Number(xDiscounted) + Number(yDiscounted)).toBe(1)

          // Both orders' order.placed are handled before the books are read.
          await waitForQuiet(getContainer())
          const now = await account()
          expect(now.reserved).toBe(0)
          expect(now.lifetime_spent).toBe(expectedSpent + 1000)
          expect(now.balance).toBeGreaterThanOrEqual(0)
          expectedSpent += 1000
          // Back to 1000 for the next round, keyed per round.
          await loyalty.adjust({
            customer_id: shopper.customer.id,
            points: 1000 - now.balance,
            reason: "Next round",
            idempotency_key: `test:round:${round}:${shopper.customer.id}`,
          })
          await expectLedgerInvariants(getContainer())
        }
      })

      it("a hold that fails leaves the discount and the total as they were", async () => {
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        const { data } = await api.post(pointsUrl(cart.id), { points: 1000 }, shopper.headers)
        const [{ id: promotionId }] = data.cart.promotions
        // A test-only fault: the account's hold cannot be written.
        const removeFault = await injectWriteFault(getContainer(), { table: "loyalty_reservation", on: "UPDATE", when: "TRUE" })
        try {
          const failed: any = await api.post(pointsUrl(cart.id), { points: 500 }, shopper.headers).catch((e) => e.response)
          expect(failed.status).toBeGreaterThanOrEqual(400)
        } finally {
          await removeFault()
        }
        const promotions = getContainer().resolve(Modules.PROMOTION)
        const [promotion] = await promotions.listPromotions({ id: promotionId }, { relations: ["application_method"] })
        expect(Number(promotion.application_method!.value)).toBeCloseTo(10, 6)
        expect(promotion.status).toBe("active")
        expect(Number((await cartOf(cart.id)).total)).toBeCloseTo(86, 6)
        expect(await account()).toMatchObject({ balance: 5000, reserved: 1000 })
        expect(await pointsOf(cart.id)).toMatchObject({ applied_points: 1000 })
      })

      it("holds the points before the discount changes, so a refused hold never leaves a discount unpaid", async () => {
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        await api.post(pointsUrl(cart.id), { points: 1000 }, shopper.headers)
        const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        // A test-only probe: what the promotion is worth at the moment each hold is written.
        await pg.raw(`
          CREATE TABLE loyalty_test_hold_log (points integer, promotion_value numeric);
          CREATE FUNCTION loyalty_test_log_hold() RETURNS trigger AS $$
          BEGIN
            INSERT INTO loyalty_test_hold_log
              SELECT NEW.points, value FROM promotion_application_method WHERE promotion_id = NEW.promotion_id;
            RETURN NEW;
          END $$ LANGUAGE plpgsql;
          CREATE TRIGGER loyalty_test_log_hold AFTER UPDATE ON loyalty_reservation
          FOR EACH ROW EXECUTE FUNCTION loyalty_test_log_hold();`)
        try {
          await api.post(pointsUrl(cart.id), { points: 400 }, shopper.headers)
          const { rows } = await pg.raw(`SELECT points, promotion_value::text AS value FROM loyalty_test_hold_log`)
          // The 400 were held while the promotion was still worth the 1000 points' 10.00.
          expect(rows).toEqual([{ points: 400, value: "10" }])
        } finally {
          await pg.raw(`DROP TRIGGER loyalty_test_log_hold ON loyalty_reservation;
            DROP FUNCTION loyalty_test_log_hold(); DROP TABLE loyalty_test_hold_log;`)
        }
        expect(Number((await cartOf(cart.id)).total)).toBeCloseTo(92, 6)
      })

      it("a new currency re-applies the points at its point value, and the store API says so", async () => {
        await api.post("/admin/loyalty/program", { point_values: { eur: 0.01, usd: 0.02 } }, admin)
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        await api.post(pointsUrl(cart.id), { points: 1000 }, shopper.headers)
        await payCart(api, shopper.headers, cart.id)

        await afterHandled(getContainer(), ["cart.updated"], () =>
          api.post(`/store/carts/${cart.id}`, { region_id: fixture.regions.usd.id }, shopper.headers)
        )
        // usd prices include tax: items 70, at most 30 % = 21.00 = 1050 points at 0.02; the 1000 fit.
        expect(await pointsOf(cart.id)).toMatchObject({
          applied_points: 1000,
          notice: { code: "currency_changed", message: expect.stringMatching(/USD/) },
        })
        expect(await account()).toMatchObject({ balance: 5000, reserved: 1000 })
        const moved = await cartOf(cart.id)
        expect(moved.currency_code).toBe("usd")
        expect(Number(moved.payment_collection.amount)).toBeCloseTo(Number(moved.total), 6)

        await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: fixture.shippingOptions.usd }, shopper.headers)
        await payCart(api, shopper.headers, cart.id)
        const order = await complete(cart.id)
        // 1000 points at 0.02 = 20.00 off 70 + 10 shipping.
        expect(order.total).toBeCloseTo(60, 6)
        expectAuthorizedTotal(order)
        expect(await account()).toMatchObject({ balance: 4000, reserved: 0, lifetime_spent: 1000 })
      })

      it("a new currency that cannot redeem takes the points off and gives them back", async () => {
        await api.post("/admin/loyalty/program", { point_values: { eur: 0.01 } }, admin)
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        await api.post(pointsUrl(cart.id), { points: 1000 }, shopper.headers)
        await afterHandled(getContainer(), ["cart.updated"], () =>
          api.post(`/store/carts/${cart.id}`, { region_id: fixture.regions.usd.id }, shopper.headers)
        )
        expect(await pointsOf(cart.id)).toMatchObject({
          applied_points: 0,
          notice: { code: "removed_currency", message: expect.stringMatching(/USD/) },
        })
        expect(await account()).toMatchObject({ balance: 5000, reserved: 0 })
        expect((await cartOf(cart.id)).promotions).toEqual([])
      })

      it("an order canceled before its order.placed was handled spends and earns nothing, also through the stale-hold job", async () => {
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        await api.post(pointsUrl(cart.id), { points: 1000 }, shopper.headers)
        await payCart(api, shopper.headers, cart.id)
        // The plugin misses this order's order.placed and order.canceled (as when a worker is down).
        const placed = await withoutPluginSubscriber("order.placed", () => completePaidCart(api, shopper.headers, cart.id))
        await withoutPluginSubscriber("order.canceled", () => api.post(`/admin/orders/${placed.id}/cancel`, {}, admin))
        expect(await account()).toMatchObject({ balance: 5000, reserved: 1000 })

        const later = new Date(Date.now() + 25 * HOUR)
        expect(await releaseStaleHolds(getContainer(), { now: later })).toMatchObject({ committed: 1, failed: 0 })
        const untouched = { balance: 5000, reserved: 0, pending: 0, lifetime_spent: 0 }
        expect(await account()).toMatchObject(untouched)
        // The late events, twice each and at once.
        await Promise.all([
          deliver(getContainer(), "order.placed", { id: placed.id }, 2, "concurrent"),
          deliver(getContainer(), "order.canceled", { id: placed.id }, 2, "concurrent"),
        ])
        await waitForQuiet(getContainer())
        expect(await account()).toMatchObject(untouched)
        expect(await loyalty.listLoyaltyTransactions({ order_id: placed.id })).toEqual([])
      })

      it("an order canceled while its order.placed is handled gets back what it spent", async () => {
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        await api.post(pointsUrl(cart.id), { points: 1000 }, shopper.headers)
        await payCart(api, shopper.headers, cart.id)
        const placed = await withoutPluginSubscriber("order.placed", () => completePaidCart(api, shopper.headers, cart.id))
        await withoutPluginSubscriber("order.canceled", () => api.post(`/admin/orders/${placed.id}/cancel`, {}, admin))
        // Both arrive at once, in either order.
        await Promise.all([
          deliver(getContainer(), "order.canceled", { id: placed.id }, 1, "serial"),
          deliver(getContainer(), "order.placed", { id: placed.id }, 1, "serial"),
        ])
        expect(await account()).toMatchObject({ balance: 5000, reserved: 0, pending: 0 })
      })

      it("an order whose order.placed was missed is settled in full, once, by the stale-hold job", async () => {
        await api.post("/admin/loyalty/program", { reservation_ttl_hours: 2 }, admin)
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        await api.post(pointsUrl(cart.id), { points: 1000 }, shopper.headers)
        await payCart(api, shopper.headers, cart.id)
        const placed = await withoutPluginSubscriber("order.placed", () => completePaidCart(api, shopper.headers, cart.id))

        expect(await releaseStaleHolds(getContainer(), { now: new Date(Date.now() + 1 * HOUR) })).toMatchObject({ committed: 0 })
        const later = new Date(Date.now() + 3 * HOUR)
        await Promise.all([releaseStaleHolds(getContainer(), { now: later }), releaseStaleHolds(getContainer(), { now: later })])
        // Paid 1000 points and earned on 61.67 net: 308, by the job alone.
        const settled = { balance: 4000, reserved: 0, pending: 308, lifetime_spent: 1000 }
        expect(await account()).toMatchObject(settled)
        // The lost event turning up late changes nothing.
        await deliver(getContainer(), "order.placed", { id: placed.id }, 2, "concurrent")
        await waitForQuiet(getContainer())
        expect(await account()).toMatchObject(settled)
        const rows = await loyalty.listLoyaltyTransactions({ order_id: placed.id })
        expect(rows.map((row) => row.type).sort()).toEqual(["earn", "redeem"])
      })

      /** Runs `action` while the plugin's subscriber for `eventName` is off, as if its event was lost. */
      async function withoutPluginSubscriber<T>(eventName: string, action: () => Promise<T>) {
        const emitter = eventBusOf(getContainer()).eventEmitter_
        const ours = emitter.listeners(eventName)
        ours.forEach((listener: any) => emitter.off(eventName, listener))
        try {
          return await action()
        } finally {
          ours.forEach((listener: any) => emitter.on(eventName, listener))
        }
      }
    })
  },
})
