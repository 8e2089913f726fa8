// The test app reads this when the runner loads medusa-config.ts: the sites below are on 127.0.0.1.
process.env.LOYALTY_ALLOW_PRIVATE_ORIGINS = "true"

import http from "http"
import type { AddressInfo } from "net"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import reviewDeadline from "../../src/jobs/review-deadline"
import { LOYALTY_MODULE } from "../../src/modules/loyalty"
import type { ILoyaltyModuleService } from "../../src/types/loyalty"
import { createShopper, storeHeaders } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"
import { deliver } from "../helpers/loyalty-events"
import { createLoyaltyStore } from "../helpers/loyalty-store"
import { waitForQuiet, watchEventBus } from "../helpers/quiet"
import { registerShopper } from "../helpers/register"
import { completeCart, createCart, placeOrder, SHIRT_AND_MUG, type StoreFixture } from "../helpers/store-fixture"
import { errorOf } from "../helpers/http-error"

jest.setTimeout(180_000)

type Headers = { headers: Record<string, string> }
type Site = { origin: string; close: () => Promise<void> }

/** A website on 127.0.0.1 with its own port (its own origin): a handler per path, 404 for the rest. */
function startSite(routes: Record<string, (res: http.ServerResponse) => void>): Promise<Site> {
  const server = http.createServer((req, res) => {
    const route = routes[req.url ?? ""]
    route ? route(res) : res.writeHead(404).end("not found")
  })
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  )
}

const WELL_KNOWN = "/.well-known/medusa-loyalty.txt"

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("referring sites over HTTP", () => {
      // The token each owner's site serves, set once the owner registered it.
      const tokens: Record<string, string> = {}
      const sites: Record<string, Site> = {}

      beforeAll(async () => {
        const served = (name: string) => (res: http.ServerResponse) => res.writeHead(200).end(`${tokens[name] ?? ""}\n`)
        sites.anna = await startSite({ [WELL_KNOWN]: served("anna") })
        sites.ben = await startSite({ "/": (res) => res.writeHead(200).end(`<html><head><meta name="medusa-loyalty-verification" content="${tokens.ben}"></head></html>`) })
        sites.wrong = await startSite({ [WELL_KNOWN]: (res) => res.writeHead(200).end("mlv-00000000000000000000000000000000\n") })
        sites.redirect = await startSite({
          [WELL_KNOWN]: (res) => res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end(),
          "/": (res) => res.writeHead(301, { location: "http://10.0.0.1/" }).end(),
        })
        const chunk = Buffer.alloc(32 * 1024, "a")
        sites.huge = await startSite({
          [WELL_KNOWN]: (res) => {
            res.writeHead(200)
            for (let i = 0; i < 4; i++) res.write(chunk)
            res.end()
          },
        })
        sites.slow = await startSite({ [WELL_KNOWN]: (res) => setTimeout(() => res.writeHead(200).end("late"), 8_000) })
      })

      afterAll(async () => {
        await Promise.all(Object.values(sites).map((site) => site.close()))
      })

      let fixture: StoreFixture
      let admin: Headers

      beforeEach(async () => {
        watchEventBus(getContainer())
        ;({ fixture, admin } = await createLoyaltyStore(getContainer(), api))
      })

      afterEach(async () => {
        await waitForQuiet(getContainer())
        await expectLedgerInvariants(getContainer())
      })

      const loyalty = () => getContainer().resolve<ILoyaltyModuleService>(LOYALTY_MODULE)
      const register = (headers: Headers, origin: unknown) => api.post("/store/loyalty/referrals/sites", { origin }, headers)
      const verify = (headers: Headers, id: string) => api.post(`/store/loyalty/referrals/sites/${id}/verify`, {}, headers)
      const visit = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
        api.post("/store/loyalty/referrals/visit", body, { headers: { ...storeHeaders(fixture.publishableKey).headers, ...headers } })
      const claim = (headers: Headers, body: Record<string, unknown>) => api.post("/store/loyalty/referrals/claim", body, headers)
      const account = async (headers: Headers) => (await api.get("/store/loyalty/account", headers)).data.account
      const bindingOf = async (customerId: string) => {
        const [referee] = await loyalty().listLoyaltyAccounts({ customer_id: customerId })
        return referee ? (await loyalty().listLoyaltyReferrals({ referee_account_id: referee.id }))[0] ?? null : null
      }

      /** A shopper whose site `name` is registered, verified and approved; returns the shopper and the site. */
      const approvedSite = async (name: "anna" | "ben") => {
        const owner = await createShopper(getContainer(), fixture.publishableKey)
        const { data } = await register(owner.headers, sites[name].origin)
        tokens[name] = data.site.token
        await verify(owner.headers, data.site.id)
        await api.post(`/admin/loyalty/referrals/sites/${data.site.id}/approve`, {}, admin)
        return { owner, site: data.site }
      }

      /** An order of a logged-in shopper whose cart carries the visit, as a storefront puts it there. */
      const orderWithVisit = async (headers: Headers, visitId: string) => {
        const cart = await createCart(api, fixture, headers, { currency: "eur", items: SHIRT_AND_MUG })
        await api.post(`/store/carts/${cart.id}`, { metadata: { loyalty_visit_id: visitId } }, headers)
        const order = await completeCart(api, headers, cart.id)
        await waitForQuiet(getContainer())
        return order
      }

      it("registers a site with a token, verifies it from the well-known file, and an admin approves it", async () => {
        const anna = await createShopper(getContainer(), fixture.publishableKey)
        const { data } = await register(anna.headers, `${sites.anna.origin}/about/?x=1`)
        expect(data.site).toMatchObject({ origin: sites.anna.origin, status: "pending", verified_at: null, approved_at: null })
        expect(data.site.token).toMatch(/^mlv-[0-9a-f]{32}$/)
        expect(data.site.instructions.file).toEqual({ url: `${sites.anna.origin}${WELL_KNOWN}`, content: data.site.token })
        expect(data.site.instructions.meta.tag).toContain(data.site.token)
        // The same origin again is the same registration.
        expect((await register(anna.headers, sites.anna.origin)).data.site.id).toBe(data.site.id)
        tokens.anna = data.site.token

        // Not verified yet: an admin cannot approve it.
        const early = await errorOf(api.post(`/admin/loyalty/referrals/sites/${data.site.id}/approve`, {}, admin))
        expect(early).toMatchObject({ status: 400, message: expect.stringMatching(/is not verified yet/) })

        // Nobody else may check it or read it.
        const other = await createShopper(getContainer(), fixture.publishableKey)
        expect((await errorOf(verify(other.headers, data.site.id))).status).toBe(404)

        const verified = (await verify(anna.headers, data.site.id)).data.site
        expect(verified).toMatchObject({ id: data.site.id, status: "verified", verified_at: expect.any(String), token: data.site.token })
        // One owner per origin once proven.
        const taken = await errorOf(register(other.headers, sites.anna.origin))
        expect(taken).toMatchObject({ status: 422, message: `${sites.anna.origin} is already a verified referring site of another shopper; a site has one owner.` })

        const queue = (await api.get("/admin/loyalty/referrals/sites?status=verified", admin)).data
        expect(queue).toMatchObject({ count: 1, limit: 20, offset: 0 })
        expect(queue.sites[0]).toMatchObject({ id: data.site.id, origin: sites.anna.origin, status: "verified", customer: { id: anna.customer.id, email: anna.customer.email } })
        expect(queue.sites[0].token).toBeUndefined()

        const approved = (await api.post(`/admin/loyalty/referrals/sites/${data.site.id}/approve`, {}, admin)).data.site
        expect(approved).toMatchObject({ status: "approved", approved_at: expect.any(String) })
        expect((await api.get("/admin/loyalty/referrals/sites?status=verified", admin)).data.count).toBe(0)

        const network = (await api.get("/store/loyalty/referrals", anna.headers)).data
        expect(network.sites).toEqual([
          { id: data.site.id, origin: sites.anna.origin, status: "approved", verified_at: expect.any(String), approved_at: expect.any(String) },
        ])
        expect((await api.get("/store/loyalty/referrals", other.headers)).data.sites).toEqual([])
      })

      it("verifies from the home page's meta tag too", async () => {
        const ben = await createShopper(getContainer(), fixture.publishableKey)
        const { data } = await register(ben.headers, sites.ben.origin)
        tokens.ben = data.site.token
        expect((await verify(ben.headers, data.site.id)).data.site.status).toBe("verified")
      })

      it("refuses a site without the token, one that redirects, a huge one and a slow one, saying what it found", async () => {
        const shopper = await createShopper(getContainer(), fixture.publishableKey)
        const failure = async (name: string) => {
          const { data } = await register(shopper.headers, sites[name].origin)
          const error = await errorOf(verify(shopper.headers, data.site.id))
          expect(error.status).toBe(400)
          const [stored] = await (loyalty() as any).listLoyaltyReferralSites({ id: data.site.id })
          expect(stored.status).toBe("pending")
          return error.message as string
        }
        const { origin: wrong } = sites.wrong
        expect(await failure("wrong")).toBe(
          `The file at ${wrong}${WELL_KNOWN} did not contain the token (the token is not in it), and the home page ${wrong}/ ` +
            `has no <meta name="medusa-loyalty-verification" content="${(await api.get("/store/loyalty/referrals", shopper.headers)).data.sites[0].token}"> (it answered 404).`
        )
        const redirect = await failure("redirect")
        expect(redirect).toContain(`${sites.redirect.origin}${WELL_KNOWN} answered with a redirect to http://169.254.169.254/latest/meta-data/; the check does not follow redirects`)
        expect(redirect).toContain(`${sites.redirect.origin}/ answered with a redirect to http://10.0.0.1/`)
        expect(await failure("huge")).toContain(`${sites.huge.origin}${WELL_KNOWN} is larger than 64 KB`)
        const started = Date.now()
        expect(await failure("slow")).toContain(`${sites.slow.origin}${WELL_KNOWN} did not answer within 5 seconds`)
        expect(Date.now() - started).toBeLessThan(7_500)
      })

      it("binds a shopper who signs up after a visit from an approved site to its owner, keeping only hashes of the visitor", async () => {
        const { owner, site } = await approvedSite("anna")
        const { data } = await visit(
          { referrer: `${sites.anna.origin}/blog/post-1`, utm_source: "blog", utm_medium: "post", utm_campaign: "spring" },
          { "user-agent": "Mozilla/5.0 (referral test)" }
        )
        expect(data.visit_id).toMatch(/^lyrv_/)
        const [stored] = await (loyalty() as any).listLoyaltyReferralVisits({ id: data.visit_id })
        expect(stored).toMatchObject({ referrer_origin: sites.anna.origin, site_id: site.id, utm_source: "blog", utm_medium: "post", utm_campaign: "spring" })
        expect(stored.ip_hash).toMatch(/^[0-9a-f]{64}$/)
        expect(stored.user_agent_hash).toMatch(/^[0-9a-f]{64}$/)
        expect(JSON.stringify(stored)).not.toMatch(/127\.0\.0\.1[^:]|Mozilla|::1|::ffff/)
        // Ordinary traffic is not kept.
        expect((await visit({ referrer: "https://search.example/?q=shop" })).data).toEqual({ visit_id: null })
        expect((await visit({})).data).toEqual({ visit_id: null })

        const newcomer = await registerShopper(api, getContainer(), fixture.publishableKey)
        const claimed = (await claim(newcomer.headers, { visit_id: data.visit_id })).data
        expect(claimed).toEqual({ referral: { code: null, source: "site", status: "bound", bound_at: expect.any(String) }, bonus: null })
        // The storefront calls again (a reload): the same binding.
        expect((await claim(newcomer.headers, { visit_id: data.visit_id })).data.referral).toEqual(claimed.referral)
        const binding = await bindingOf(newcomer.customer.id)
        const [referrer] = await loyalty().listLoyaltyAccounts({ customer_id: owner.customer.id })
        expect(binding).toMatchObject({ referrer_account_id: referrer.id, source: "site", metadata: { site_id: site.id, visit_id: data.visit_id } })
        expect((await api.get("/store/loyalty/referrals", owner.headers)).data.invitees).toEqual([expect.objectContaining({ source: "site", status: "bound" })])

        // The owner's own visit binds no one to themselves (recorded, not an error).
        const own = (await visit({ referrer: sites.anna.origin })).data.visit_id
        expect((await claim(owner.headers, { visit_id: own })).data.referral).toBeNull()
        expect(await loyalty().listLoyaltyReferralRefusals({ customer_id: owner.customer.id })).toEqual([
          expect.objectContaining({ reason: "self_referral", code: null }),
        ])
      })

      it("forgets a visit too old to bind in the hourly review job; the binding it made stays", async () => {
        const { owner } = await approvedSite("anna")
        const visitId = (await visit({ referrer: `${sites.anna.origin}/blog` })).data.visit_id
        const newcomer = await registerShopper(api, getContainer(), fixture.publishableKey)
        await claim(newcomer.headers, { visit_id: visitId })
        const recent = (await visit({ referrer: sites.anna.origin })).data.visit_id
        const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        await knex.raw(`UPDATE loyalty_referral_visit SET created_at = now() - interval '31 days' WHERE id = ?`, [visitId])

        await reviewDeadline(getContainer())
        const kept = async (id: string) => (await (loyalty() as any).listLoyaltyReferralVisits({ id })).length
        expect(await kept(visitId)).toBe(0)
        expect(await kept(recent)).toBe(1)
        const [referrer] = await loyalty().listLoyaltyAccounts({ customer_id: owner.customer.id })
        expect(await bindingOf(newcomer.customer.id)).toMatchObject({ referrer_account_id: referrer.id, source: "site", metadata: { visit_id: visitId } })
        const late = await registerShopper(api, getContainer(), fixture.publishableKey)
        expect(await errorOf(claim(late.headers, { visit_id: visitId }))).toMatchObject({ status: 400, message: expect.stringMatching(/no visit .* in the last 30 days/) })
      })

      it("binds a shopper at their first order when the cart carries the visit, once however often order.placed arrives", async () => {
        const { owner } = await approvedSite("anna")
        const visitId = (await visit({ referrer: `${sites.anna.origin}/` })).data.visit_id
        const newcomer = await registerShopper(api, getContainer(), fixture.publishableKey)
        const order = await orderWithVisit(newcomer.headers, visitId)

        const [referrer] = await loyalty().listLoyaltyAccounts({ customer_id: owner.customer.id })
        expect(await bindingOf(newcomer.customer.id)).toMatchObject({ referrer_account_id: referrer.id, source: "site" })
        await deliver(getContainer(), "order.placed", { id: order.id }, 2, "concurrent")
        await deliver(getContainer(), "order.placed", { id: order.id }, 1, "serial")
        await waitForQuiet(getContainer())
        expect(await loyalty().listLoyaltyReferrals({ referrer_account_id: referrer.id })).toHaveLength(1)

        // A second order with a visit counts as nothing new: the shopper already ordered.
        const later = await registerShopper(api, getContainer(), fixture.publishableKey)
        await placeOrder(api, fixture, later.headers, { currency: "eur", items: SHIRT_AND_MUG })
        await waitForQuiet(getContainer())
        await orderWithVisit(later.headers, visitId)
        expect(await bindingOf(later.customer.id)).toBeNull()
        expect(await loyalty().listLoyaltyReferralRefusals({ customer_id: later.customer.id })).toEqual([
          expect.objectContaining({ reason: "existing_customer" }),
        ])
      })

      it("lets an explicit code win over a site: both at once, or a code claimed before the order with the visit", async () => {
        await approvedSite("anna")
        const ben = await createShopper(getContainer(), fixture.publishableKey)
        const benCode = (await account(ben.headers)).referral_code
        const [benAccount] = await loyalty().listLoyaltyAccounts({ customer_id: ben.customer.id })
        const visitId = (await visit({ referrer: sites.anna.origin })).data.visit_id

        const both = await registerShopper(api, getContainer(), fixture.publishableKey)
        const claimed = (await claim(both.headers, { code: benCode, visit_id: visitId })).data
        expect(claimed.referral).toMatchObject({ code: benCode, source: "code" })
        expect(await bindingOf(both.customer.id)).toMatchObject({ referrer_account_id: benAccount.id, source: "code" })

        const first = await registerShopper(api, getContainer(), fixture.publishableKey)
        await claim(first.headers, { code: benCode })
        await orderWithVisit(first.headers, visitId)
        expect(await bindingOf(first.customer.id)).toMatchObject({ referrer_account_id: benAccount.id, source: "code" })
        // And a site's binding stays when a code comes after it: the first touch wins.
        const bySite = await registerShopper(api, getContainer(), fixture.publishableKey)
        await claim(bySite.headers, { visit_id: visitId })
        const late = await errorOf(claim(bySite.headers, { code: benCode }))
        expect(late).toMatchObject({ status: 400, message: "You were already referred by another shopper; a referral is bound once." })
        expect(await bindingOf(bySite.customer.id)).toMatchObject({ source: "site" })
      })

      it("stops binding visits from a site an admin rejected", async () => {
        const { site } = await approvedSite("anna")
        const visitId = (await visit({ referrer: sites.anna.origin })).data.visit_id
        const missing = await errorOf(api.post(`/admin/loyalty/referrals/sites/${site.id}/reject`, {}, admin))
        expect(missing).toMatchObject({ status: 400, message: expect.stringMatching(/reason/) })
        const rejected = (await api.post(`/admin/loyalty/referrals/sites/${site.id}/reject`, { reason: "Coupon site" }, admin)).data.site
        expect(rejected).toMatchObject({ status: "rejected", review_note: "Coupon site", rejected_at: expect.any(String) })

        const newcomer = await registerShopper(api, getContainer(), fixture.publishableKey)
        expect((await claim(newcomer.headers, { visit_id: visitId })).data).toEqual({ referral: null, bonus: null })
        expect(await bindingOf(newcomer.customer.id)).toBeNull()
        expect((await visit({ referrer: sites.anna.origin })).data.visit_id).toBeNull()
        const approveAgain = await errorOf(api.post(`/admin/loyalty/referrals/sites/${site.id}/approve`, {}, admin))
        expect(approveAgain).toMatchObject({ status: 400, message: expect.stringMatching(/was rejected/) })
      })

      it("grants an external source's bonus once per shopper, with no referrer, only while referrals are on", async () => {
        const sources = [{ utm_source: "Partner", points: 70, expiry_days: 30 }, { origin: "https://magazine.example/any", points: 40 }]
        // Off: nothing is kept for a source.
        await api.post("/admin/loyalty/program", { referrals: { external_sources: sources } }, admin)
        expect((await visit({ utm_source: "partner" })).data.visit_id).toBeNull()

        await api.post("/admin/loyalty/program", { referrals: { enabled: true } }, admin)
        const partnerVisit = (await visit({ utm_source: "PARTNER" })).data.visit_id
        const magazineVisit = (await visit({ referrer: "https://magazine.example/article/9" })).data.visit_id
        expect(partnerVisit).toMatch(/^lyrv_/)
        expect(magazineVisit).toMatch(/^lyrv_/)

        const shopper = await registerShopper(api, getContainer(), fixture.publishableKey)
        const claimed = (await claim(shopper.headers, { visit_id: partnerVisit })).data
        expect(claimed).toEqual({ referral: null, bonus: { points: 70, expires_at: expect.any(String) } })
        expect((await claim(shopper.headers, { visit_id: partnerVisit })).data.bonus).toEqual(claimed.bonus)
        // Another source, and an order with a visit delivered again and again: still once.
        await claim(shopper.headers, { visit_id: magazineVisit })
        const order = await orderWithVisit(shopper.headers, magazineVisit)
        await deliver(getContainer(), "order.placed", { id: order.id }, 2, "concurrent")
        await waitForQuiet(getContainer())
        const bonuses = (await api.get("/store/loyalty/account/transactions?type=bonus", shopper.headers)).data.transactions
        expect(bonuses).toEqual([expect.objectContaining({ points: 70, status: "available" })])
        expect(await bindingOf(shopper.customer.id)).toBeNull()

        // A shopper whose first touch is an order with the visit gets it there.
        const buyer = await registerShopper(api, getContainer(), fixture.publishableKey)
        await orderWithVisit(buyer.headers, magazineVisit)
        expect((await api.get("/store/loyalty/account/transactions?type=bonus", buyer.headers)).data.transactions).toEqual([
          expect.objectContaining({ points: 40 }),
        ])
      })

      it("refuses bad input with a 400 naming the field, and needs the right caller", async () => {
        const shopper = await createShopper(getContainer(), fixture.publishableKey)
        for (const body of [{ referrer: 7 }, { referrer: "x".repeat(2001) }, { utm_source: "u".repeat(201) }, { utm_term: "x" }, { referrer: "a\u0000b" }]) {
          const error = await errorOf(visit(body))
          expect(error.status).toBe(400)
          expect(error.message).toMatch(/referrer|utm_|NUL/)
        }
        for (const body of [{}, { origin: 7 }, { origin: "ftp://blog.example.com" }, { origin: "http://" }, { origin: "x".repeat(2001) }, { origin: "a.example", extra: 1 }]) {
          const error = await errorOf(api.post("/store/loyalty/referrals/sites", body, shopper.headers))
          expect(error.status).toBe(400)
          expect(error.message).toMatch(/origin|extra/)
        }
        expect(await errorOf(register(shopper.headers, "ftp://blog.example.com"))).toMatchObject({ status: 400, message: expect.stringMatching(/^origin: a referring site must be served over https/) })
        expect((await errorOf(claim(shopper.headers, { visit_id: "junk" }))).message).toMatch(/visit_id: not a visit id/)
        expect(await errorOf(claim(shopper.headers, { visit_id: "lyrv_01NOSUCHVISIT" }))).toMatchObject({ status: 400, message: expect.stringMatching(/^visit_id: no visit lyrv_01NOSUCHVISIT was recorded/) })
        expect((await errorOf(claim(shopper.headers, {}))).message).toMatch(/code or visit_id/)
        expect((await errorOf(api.post("/admin/loyalty/referrals/sites/lyrs_nope/approve", {}, admin))).status).toBe(404)
        expect((await errorOf(api.get("/admin/loyalty/referrals/sites?status=maybe", admin))).status).toBe(400)
        // Sites are a logged-in shopper's; review is an admin's; a visit needs only the publishable key.
        expect((await errorOf(api.post("/store/loyalty/referrals/sites", { origin: "a.example" }, storeHeaders(fixture.publishableKey)))).status).toBe(401)
        expect((await errorOf(api.get("/admin/loyalty/referrals/sites", shopper.headers))).status).toBe(401)
        expect((await errorOf(api.post("/store/loyalty/referrals/visit", {}))).status).toBe(400)
        expect(await (loyalty() as any).listLoyaltyReferralSites({})).toEqual([])
      })

      it("limits the visits one address may record, so the route is not a free write", async () => {
        await api.post("/admin/loyalty/program", { referrals: { enabled: true, external_sources: [{ utm_source: "flood", points: 1 }] } }, admin)
        for (let i = 0; i < 30; i++) {
          expect((await visit({ utm_source: "flood" })).data.visit_id).toMatch(/^lyrv_/)
        }
        const refused = await errorOf(visit({ utm_source: "flood" }))
        expect(refused).toMatchObject({ status: 400, message: "Too many visits were recorded from your address; try again in 10 minutes." })
        // Ordinary traffic writes nothing and is not refused.
        expect((await visit({ utm_source: "other" })).data.visit_id).toBeNull()
        expect(await (loyalty() as any).listLoyaltyReferralVisits({})).toHaveLength(30)
      })
    })
  },
})
