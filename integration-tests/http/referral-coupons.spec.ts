import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { REFERRAL_COUPON_CAMPAIGN } from "../../src/lib/referral-coupon"
import { createShopper } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"
import { deliver, loyaltyEventRecorder, waitForQuiet } from "../helpers/loyalty-events"
import { createLoyaltyStore } from "../helpers/loyalty-store"
import { registerShopper } from "../helpers/register"
import { completePaidCart, createCart, payCart, placeOrder, SHIRT_AND_MUG, type StoreFixture } from "../helpers/store-fixture"
import { errorOf } from "../helpers/http-error"

jest.setTimeout(180_000)

type Headers = { headers: Record<string, string> }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("referral coupons over HTTP", () => {
      const events = loyaltyEventRecorder(getContainer)
      let store: Awaited<ReturnType<typeof createLoyaltyStore>>
      let fixture: StoreFixture

      beforeEach(async () => {
        events.start()
        store = await createLoyaltyStore(getContainer(), api)
        fixture = store.fixture
      })

      afterEach(async () => {
        events.stop()
        await expectLedgerInvariants(getContainer())
      })

      const setCoupon = (coupon: unknown, enabled = true) =>
        api.post("/admin/loyalty/program", { referrals: { enabled, coupon } }, store.admin)
      const network = async (headers: Headers) => (await api.get("/store/loyalty/referrals", headers)).data
      const promotions = () => getContainer().resolve(Modules.PROMOTION)
      const referralCoupons = async () => {
        const [campaign] = await promotions().listCampaigns({ campaign_identifier: [REFERRAL_COUPON_CAMPAIGN] })
        return campaign ? promotions().listPromotions({ campaign_id: campaign.id } as any) : []
      }
      /** A cart ready to pay (items, address, shipping), paid first as storefronts do, then the coupon. */
      const paidCart = async (headers: Headers) => {
        const cart = await createCart(api, fixture, headers, { currency: "eur", items: SHIRT_AND_MUG })
        await payCart(api, headers, cart.id)
        return cart
      }
      const applyCoupon = async (headers: Headers, cartId: string, code: string) =>
        (await api.post(`/store/carts/${cartId}/promotions`, { promo_codes: [code] }, headers)).data.cart
      /** Medusa's promotion route drops the cart's payment sessions (its amount changed): pay again, complete. */
      const complete = async (headers: Headers, cartId: string) => {
        await payCart(api, headers, cartId)
        return completePaidCart(api, headers, cartId)
      }
      const referrerWithCoupon = async () => {
        const referrer = await createShopper(getContainer(), fixture.publishableKey)
        const { coupon_code, referral_code } = await network(referrer.headers)
        return { referrer, code: coupon_code as string, referral_code: referral_code as string }
      }
      const boundEvents = () => events.events.filter((e) => e.name === "loyalty.referral_bound")

      it("gives a referrer one coupon code, their referral code, however many reads at once; none while coupons are off", async () => {
        const referrer = await createShopper(getContainer(), fixture.publishableKey)
        expect((await network(referrer.headers)).coupon_code).toBeNull()
        expect(await referralCoupons()).toEqual([])

        await setCoupon({ type: "percentage", value: 10 })
        const reads = await Promise.all([network(referrer.headers), network(referrer.headers), network(referrer.headers)])
        expect(new Set(reads.map((r) => r.coupon_code))).toEqual(new Set([reads[0].referral_code]))
        expect((await referralCoupons()).map((p: any) => p.code)).toEqual([reads[0].referral_code])

        // A store promotion that already has a shopper's code: theirs is derived from it.
        const other = await createShopper(getContainer(), fixture.publishableKey)
        const otherCode = (await api.get("/store/loyalty/account", other.headers)).data.account.referral_code
        await promotions().createPromotions({
          code: otherCode,
          type: "standard",
          status: "active",
          application_method: { type: "percentage", target_type: "order", allocation: "across", value: 5 },
        } as any)
        expect((await network(other.headers)).coupon_code).toBe(`${otherCode}-REF`)
        expect(await referralCoupons()).toHaveLength(2)
      })

      it("gives a newcomer the discount; the order binds them to the referrer by coupon, once, with one event", async () => {
        await setCoupon({ type: "percentage", value: 10 })
        const { referrer, code, referral_code } = await referrerWithCoupon()
        const newcomer = await registerShopper(api, getContainer(), fixture.publishableKey)
        const cart = await paidCart(newcomer.headers)
        const discounted = await applyCoupon(newcomer.headers, cart.id, code)
        // 10 % of the items (50 + 20, 20 % tax on top).
        expect(discounted.discount_subtotal).toBeCloseTo(7)
        expect(discounted.total).toBeCloseTo(cart.total - 8.4)
        const order = await complete(newcomer.headers, cart.id)
        expect(order.total).toBeCloseTo(discounted.total)
        await waitForQuiet(getContainer())

        const referrals = await store.loyalty.listLoyaltyReferrals({})
        const [referrerAccount] = await store.loyalty.listLoyaltyAccounts({ customer_id: referrer.customer.id })
        expect(referrals).toEqual([expect.objectContaining({ referrer_account_id: referrerAccount.id, source: "coupon", code: referral_code, status: "bound" })])
        expect(boundEvents()).toHaveLength(1)
        expect(boundEvents()[0].data).toMatchObject({ source: "coupon", referee_customer_id: newcomer.customer.id, referrer_customer_id: referrer.customer.id })
        expect((await network(referrer.headers)).invitees).toEqual([expect.objectContaining({ source: "coupon", orders: 1 })])

        // order.placed again: three times one after the other, twice at once. One binding, one event.
        await deliver(getContainer(), "order.placed", { id: order.id }, 3, "serial")
        await deliver(getContainer(), "order.placed", { id: order.id }, 2, "concurrent")
        await waitForQuiet(getContainer())
        expect(await store.loyalty.listLoyaltyReferrals({})).toHaveLength(1)
        expect(boundEvents()).toHaveLength(1)
        expect(await store.loyalty.listLoyaltyReferralRefusals({})).toEqual([])
        // The order's points were earned as ever.
        expect(await store.loyalty.listLoyaltyTransactions({ order_id: order.id, type: "earn" })).toHaveLength(1)
      })

      it("gives the referrer, a shopper who already ordered and a guest no discount, and binds none of them", async () => {
        await setCoupon({ type: "percentage", value: 10 })
        const { referrer, code } = await referrerWithCoupon()

        // The referrer: Medusa's rule on the coupon (customer.id ne the referrer) gives nothing.
        const own = await paidCart(referrer.headers)
        const ownAfter = await applyCoupon(referrer.headers, own.id, code)
        expect(ownAfter.discount_total).toBe(0)
        expect(ownAfter.total).toBe(own.total)
        expect(ownAfter.promotions).toEqual([])
        await complete(referrer.headers, own.id)

        // A shopper with an order: refused with a reason, the cart as it was.
        await placeOrder(api, fixture, store.shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        const existing = await paidCart(store.shopper.headers)
        expect(await errorOf(applyCoupon(store.shopper.headers, existing.id, code))).toMatchObject({
          status: 400,
          message: `The referral coupon ${code} is for new shoppers before their first order.`,
        })
        expect(await errorOf(api.post(`/store/carts/${existing.id}`, { promo_codes: [code] }, store.shopper.headers))).toMatchObject({ status: 400 })
        const existingAfter = (await api.get(`/store/carts/${existing.id}`, store.shopper.headers)).data.cart
        expect(existingAfter.discount_total).toBe(0)
        expect(existingAfter.total).toBe(existing.total)

        // A guest: no account to bind or reward.
        const guestHeaders = { headers: { "x-publishable-api-key": fixture.publishableKey } }
        const guest = await createCart(api, fixture, guestHeaders, { currency: "eur", items: SHIRT_AND_MUG, email: "guest@test.dev" })
        expect(await errorOf(applyCoupon(guestHeaders, guest.id, code))).toMatchObject({
          status: 400,
          message: `The referral coupon ${code} is for signed-in shoppers: sign in or create an account to use it.`,
        })

        await waitForQuiet(getContainer())
        expect(await store.loyalty.listLoyaltyReferrals({})).toEqual([])
        expect(boundEvents()).toEqual([])
      })

      it("refuses the binding, without failing the order's points, when the newcomer ordered elsewhere before the coupon order", async () => {
        await setCoupon({ type: "percentage", value: 10 })
        const { code } = await referrerWithCoupon()
        const newcomer = await registerShopper(api, getContainer(), fixture.publishableKey)
        const withCoupon = await paidCart(newcomer.headers)
        expect((await applyCoupon(newcomer.headers, withCoupon.id, code)).discount_total).toBeGreaterThan(0)
        await placeOrder(api, fixture, newcomer.headers, { currency: "eur", items: SHIRT_AND_MUG })
        const order = await complete(newcomer.headers, withCoupon.id)
        await waitForQuiet(getContainer())

        expect(await store.loyalty.listLoyaltyReferrals({})).toEqual([])
        expect((await store.loyalty.listLoyaltyReferralRefusals({})).map((r) => r.reason)).toEqual(["existing_customer"])
        expect(await store.loyalty.listLoyaltyTransactions({ order_id: order.id, type: "earn" })).toHaveLength(1)
        expect(boundEvents()).toEqual([])
      })

      it("stops every coupon when coupons are switched off, and gives the new discount when the setting changes", async () => {
        await setCoupon({ type: "percentage", value: 10 })
        const { referrer, code } = await referrerWithCoupon()
        const newcomer = await registerShopper(api, getContainer(), fixture.publishableKey)
        const cart = await paidCart(newcomer.headers)
        expect((await applyCoupon(newcomer.headers, cart.id, code)).discount_subtotal).toBeCloseTo(7)

        // Off: the discount goes at the cart's next change, and the code gives nothing.
        await setCoupon(null)
        expect((await network(referrer.headers)).coupon_code).toBeNull()
        const changed = (await api.post(`/store/carts/${cart.id}`, { metadata: { note: "gift" } }, newcomer.headers)).data.cart
        expect(changed.discount_total).toBe(0)
        expect((await applyCoupon(newcomer.headers, cart.id, code)).discount_total).toBe(0)

        // Referrals off with a coupon set: nothing either.
        await setCoupon({ type: "percentage", value: 10 }, false)
        expect((await applyCoupon(newcomer.headers, cart.id, code)).discount_total).toBe(0)

        // On again with 5 € off (tax included): the same code, the new discount.
        await setCoupon({ type: "fixed", value: { eur: 5 } })
        expect((await network(referrer.headers)).coupon_code).toBe(code)
        const fixed = await applyCoupon(newcomer.headers, cart.id, code)
        expect(fixed.discount_total).toBeCloseTo(5)
        expect(fixed.total).toBeCloseTo(cart.total - 5)
        // Switched to 20 %: already applied, it follows at the next change of the cart.
        await setCoupon({ type: "percentage", value: 20 })
        const twenty = (await api.post(`/store/carts/${cart.id}`, { metadata: { note: "again" } }, newcomer.headers)).data.cart
        expect(twenty.discount_subtotal).toBeCloseTo(14)
        expect(await referralCoupons()).toHaveLength(1)
      })

      it("refuses a fixed coupon in more than one currency with a message", async () => {
        const refused = await errorOf(setCoupon({ type: "fixed", value: { eur: 5, usd: 6 } }))
        expect(refused.status).toBe(400)
        expect(refused.message).toMatch(/one currency/)
      })
    })
  },
})
