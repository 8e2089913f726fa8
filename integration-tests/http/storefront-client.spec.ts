process.env.LOYALTY_ALLOW_PRIVATE_ORIGINS = "true"

import Medusa from "@medusajs/js-sdk"
import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import http from "http"
import { loyalty, LoyaltyError, type LoyaltyClient } from "../../src/client"
import { createShopper } from "../helpers/auth"
import { expectClientShape, matchesClientShape } from "../helpers/client-shape"
import { expectLedgerInvariants } from "../helpers/invariants"
import { createLoyaltyStore } from "../helpers/loyalty-store"
import { eventBusOf } from "../helpers/loyalty-events"
import { createCart, completePaidCart, payCart, SHIRT_AND_MUG } from "../helpers/store-fixture"

jest.setTimeout(300_000)

/**
 * The contract between the store routes and `medusa-loyalty/client`: every answer the client
 * gets from the real routes must match its exported type exactly (JSON Schema made from
 * src/client/types.ts: every property required unless optional, none beyond them), and the
 * client's errors carry Medusa's `{ type, message }` with the status.
 */
const expectShape = expectClientShape

async function thrown(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e) => e
  )
  expect(error).toBeInstanceOf(LoyaltyError)
  return error as LoyaltyError
}

// A site the referral check can fetch: it serves whatever token the test puts there.
let siteToken = ""
const site = http.createServer((req, res) => {
  res.writeHead(req.url === "/.well-known/medusa-loyalty.txt" ? 200 : 404, { "content-type": "text/plain" })
  res.end(siteToken)
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("the storefront client against the store routes", () => {
      let store: Awaited<ReturnType<typeof createLoyaltyStore>>
      let siteOrigin: string

      beforeAll(async () => {
        await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve))
        siteOrigin = `http://127.0.0.1:${(site.address() as { port: number }).port}`
      })
      afterAll(() => new Promise<void>((resolve) => site.close(() => resolve())))

      beforeEach(async () => {
        store = await createLoyaltyStore(getContainer(), api)
        await api.post(
          "/admin/loyalty/program",
          {
            storefront_url: "https://shop.test",
            newsletter_bonus: { points: 50, expiry_days: null },
            referrals: { enabled: true, referrer_points: 100, referee_points: 50, coupon: { type: "percentage", value: 10 } },
          },
          store.admin
        )
        await store.loyalty.adjust({ customer_id: store.shopper.customer.id, points: 5000, reason: "Start", idempotency_key: `start:${store.shopper.customer.id}` })
        // Every part of the program's and the account's shapes present, so the contract checks them.
        await api.post(
          "/admin/loyalty/program",
          {
            welcome_bonus: { points: 10, expiry_days: 30 },
            birthday_bonus: { points: 20, expiry_days: null },
            order_bonus: { points: 5, expiry_days: 0 },
            achievements: [{ currency_code: "eur", spend: 500, points: 100 }],
            max_points_per_order: 100_000,
          },
          store.admin
        )
        await api.post("/admin/loyalty/tiers", { name: "Silver", min_points: 0, multiplier: 1 }, store.admin)
        await api.post("/admin/loyalty/tiers", { name: "Gold", min_points: 100_000, multiplier: 2 }, store.admin)
        await api.post(
          "/admin/loyalty/campaigns",
          { name: "Winter", starts_at: new Date(Date.now() - 86_400_000).toISOString(), kind: "extra_percent", extra_percent: 5 },
          store.admin
        )
      })

      afterEach(async () => {
        await expectLedgerInvariants(getContainer())
      })

      /**
       * A js-sdk instance as a storefront's server code makes one, with no session of its own:
       * `who`'s token (headers as createShopper returns them) comes with each request through
       * the client's `headers` option, as a cookie-reading server action gives it.
       */
      function clientOf(who?: { headers: { headers: Record<string, string> } }): LoyaltyClient {
        const sdk = new Medusa({
          baseUrl: api.defaults.baseURL!,
          publishableKey: store.fixture.publishableKey,
          auth: { type: "jwt", jwtTokenStorageMethod: "nostore" },
          globalHeaders: who ? { "user-agent": who.headers.headers["user-agent"] } : {},
        })
        return loyalty(sdk, { headers: async () => (who ? { authorization: who.headers.headers.authorization } : {}) })
      }

      it("reads the program and the account, and updates the account", async () => {
        const points = clientOf(store.shopper)
        const program = await points.program()
        expectShape("StoreLoyaltyProgramResponse", program)
        expect(program.program.referrals).toMatchObject({ enabled: true, referrer_points: 100, coupon: { type: "percentage", value: 10 } })
        expect(program.program.tiers.map((tier) => tier.name)).toEqual(["Silver", "Gold"])
        expect(program.program.campaigns).toEqual([expect.objectContaining({ name: "Winter", ends_at: null })])

        const { account } = await points.account()
        expectShape("StoreLoyaltyAccountResponse", { account })
        expect(account).toMatchObject({ balance: 5000, spendable: 5000, referral_link: `https://shop.test/?ref=${account.referral_code}` })
        expect(account.tier).toMatchObject({ name: "Silver" })
        expect(account.next_tier).toMatchObject({ name: "Gold" })

        const updated = await points.updateAccount({ newsletter_opt_in: true, birthday: "1990-05-17" })
        expectShape("StoreLoyaltyAccountResponse", updated)
        expect(updated.account).toMatchObject({ newsletter_opt_in: true, birthday: "1990-05-17", balance: 5050 })

        const bad = await thrown(points.updateAccount({ birthday: "17.05.1990" }))
        expect(bad).toMatchObject({ status: 400, type: "invalid_data" })
        expect(bad.message).toMatch(/birthday/)
        const guest = await thrown(clientOf().account())
        expect(guest).toMatchObject({ status: 401, type: "unauthorized" })
      })

      it("runs the points control as a storefront does: payment session first, points changed after it, then completion", async () => {
        const points = clientOf(store.shopper)
        const cart = await createCart(api, store.fixture, store.shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        await payCart(api, store.shopper.headers, cart.id)

        const estimate = await points.cart(cart.id).estimate()
        expectShape("StoreCartLoyaltyEstimate", estimate)
        expect(estimate).toMatchObject({ applied_points: 0, balance: 5000 })
        expect(estimate.max_redeemable_points).toBeGreaterThan(0)

        const tooMany = await thrown(points.cart(cart.id).apply(estimate.max_redeemable_points + 1))
        expect(tooMany).toMatchObject({ status: 400, type: "invalid_data" })
        expect(tooMany.message).toMatch(/at most/i)

        const applied = await points.cart(cart.id).apply(1000)
        expectShape("StoreLoyaltyCartResponse", applied)
        expect(applied.cart.total).toBeCloseTo(cart.total - 10, 2)
        // What docs/storefront.md shows: "1000 points (−€10.00)" is the points code's adjustments, tax
        // included, while Medusa's discount_subtotal (the Next.js starter's "Discount") is net of tax.
        const pointsCode = applied.cart.promotions.find((p) => p.code?.startsWith("POINTS-"))!.code
        const pointsMoney = applied.cart.items.flatMap((item) => item.adjustments).filter((a) => a.code === pointsCode).reduce((sum, a) => sum + a.amount, 0)
        expect(pointsMoney).toBeCloseTo(1000 * 0.01, 6)
        expect(applied.cart.discount_total).toBeCloseTo(pointsMoney, 6)
        expect(applied.cart.discount_total - applied.cart.discount_tax_total).toBeCloseTo(10 / 1.2, 6)
        const removed = await points.cart(cart.id).remove()
        expectShape("StoreLoyaltyCartResponse", removed)
        expect(removed.cart.total).toBeCloseTo(cart.total, 2)
        await points.cart(cart.id).apply(800)
        expect(await points.cart(cart.id).estimate()).toMatchObject({ applied_points: 800 })
        // The points changed the total: the stale payment session is gone, and the storefront pays again.
        await payCart(api, store.shopper.headers, cart.id)

        const placed = TestEventUtils.waitSubscribersExecution("order.placed", eventBusOf(getContainer()), { timeout: 60_000 })
        const order = await completePaidCart(api, store.shopper.headers, cart.id)
        await placed
        expect(order.total).toBeCloseTo(cart.total - 8, 2)

        const history = await points.transactions({ type: "redeem", limit: 5 })
        expectShape("StoreLoyaltyTransactionsResponse", history)
        expect(history.transactions).toEqual([
          expect.objectContaining({ points: -800, order: { id: order.id, display_id: order.display_id } }),
        ])
        const all = await points.transactions()
        expectShape("StoreLoyaltyTransactionsResponse", all)
        expect(all.transactions.map((row) => row.type)).toEqual(expect.arrayContaining(["adjust", "redeem"]))
        expect((await points.account()).account).toMatchObject({ balance: 4200, reserved: 0 })

        // A notice: the cart shrinks below what the points may pay, and the store lowers them by itself.
        const small = await createCart(api, store.fixture, store.shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        await points.cart(small.id).apply(800)
        await api.post("/admin/loyalty/program", { max_redeem_percent: 10 }, store.admin)
        const mug = small.items.find((item: any) => item.variant_id === store.fixture.products.mug.variantId)
        const recapped = TestEventUtils.waitSubscribersExecution("cart.updated", eventBusOf(getContainer()), { timeout: 60_000 })
        await api.delete(`/store/carts/${small.id}/line-items/${mug.id}`, store.shopper.headers)
        await recapped
        const capped = await points.cart(small.id).estimate()
        expectShape("StoreCartLoyaltyEstimate", capped)
        expect(capped.notice).toMatchObject({ code: "capped", message: expect.any(String) })
        expect(capped.applied_points).toBeLessThan(800)
        await points.cart(small.id).remove()
      })

      it("runs the referral calls: network, code, claim, visit and sites", async () => {
        const referrer = clientOf(store.shopper)
        const changed = await referrer.referrals.changeCode("SAMS-FRIENDS")
        expectShape("StoreLoyaltyAccountResponse", changed)
        expect(changed.account.referral_code).toBe("SAMS-FRIENDS")

        const friend = await createShopper(getContainer(), store.fixture.publishableKey)
        const claimed = await clientOf(friend).referrals.claim({ code: "sams-friends" })
        expectShape("StoreClaimReferralResponse", claimed)
        expect(claimed.referral).toMatchObject({ code: "SAMS-FRIENDS", source: "code", status: "bound" })
        const own = await thrown(referrer.referrals.claim({ code: "SAMS-FRIENDS" }))
        expect(own).toMatchObject({ status: 400, type: "invalid_data" })
        expect(own.message.length).toBeGreaterThan(0)

        // A second friend the same day, over the velocity flag: flagged, which the shopper sees as in_review.
        await api.post("/admin/loyalty/program", { referrals: { flag_referrals_per_day: 1 } }, store.admin)
        const second = await createShopper(getContainer(), store.fixture.publishableKey)
        const flagged = await clientOf(second).referrals.claim({ code: "SAMS-FRIENDS" })
        expectShape("StoreClaimReferralResponse", flagged)
        expect(flagged.referral).toMatchObject({ status: "in_review" })
        const network = await referrer.referrals.network({ limit: 10 })
        expectShape("StoreLoyaltyReferralsResponse", network)
        expect(network).toMatchObject({ referral_code: "SAMS-FRIENDS", count: 2, totals: { invitees: 2 } })
        expect(network.coupon_code).toEqual(expect.any(String))
        expect(network.invitees.map((i) => i.status).sort()).toEqual(["bound", "in_review"])

        const visit = await clientOf().referrals.visit({ referrer: "https://news.example/article", utm_source: "news" })
        expectShape("StoreReferralVisitResponse", visit)
        expect(visit.visit_id).toBeNull()

        const registered = await referrer.referrals.registerSite(siteOrigin)
        expectShape("StoreLoyaltyReferralSiteResponse", registered)
        expect(registered.site).toMatchObject({ origin: siteOrigin, status: "pending", token: expect.any(String) })
        siteToken = registered.site.token!
        const verified = await referrer.referrals.verifySite(registered.site.id)
        expectShape("StoreLoyaltyReferralSiteResponse", verified)
        expect(verified.site.status).toBe("verified")
        // The site's other states: approved by the store, and another one rejected.
        await api.post(`/admin/loyalty/referrals/sites/${verified.site.id}/approve`, {}, store.admin)
        const other = (await referrer.referrals.registerSite(siteOrigin.replace("127.0.0.1", "localhost"))).site
        await api.post(`/admin/loyalty/referrals/sites/${other.id}/reject`, { reason: "Not the shopper's site" }, store.admin)
        const withSites = await referrer.referrals.network()
        expectShape("StoreLoyaltyReferralsResponse", withSites)
        expect(withSites.sites.map((s) => s.status).sort()).toEqual(["approved", "rejected"])
        expect(withSites.sites.find((s) => s.status === "rejected")).toMatchObject({ reason: "Not the shopper's site", rejected_at: expect.any(String) })
      })

      it("fails the contract check when an answer has a field the type lacks, or lacks one it has", async () => {
        const { account } = await clientOf(store.shopper).account()
        const { balance, ...withoutBalance } = account
        // The check itself: these must not pass, or the contract above proves nothing.
        expect(matchesClientShape("StoreLoyaltyAccountResponse", { account: { ...account, extra: 1 } })).toBe(false)
        expect(matchesClientShape("StoreLoyaltyAccountResponse", { account: withoutBalance })).toBe(false)
        expect(balance).toBe(5000)
      })
    })
  },
})
