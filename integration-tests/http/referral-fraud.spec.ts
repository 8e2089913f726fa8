import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { rewardMonth } from "../../src/lib/referral-rewards"
import { Modules } from "@medusajs/framework/utils"
import reviewDeadline from "../../src/jobs/review-deadline"
import { MAX_UNKNOWN_CODES_PER_IP_PER_HOUR } from "../../src/modules/loyalty/ledger/referral-fraud"
import { MAX_UNKNOWN_CODES_PER_HOUR } from "../../src/modules/loyalty/ledger/referrals"
import { LOYALTY_MODULE } from "../../src/modules/loyalty"
import type { ILoyaltyModuleService } from "../../src/types/loyalty"
import { createAdmin, createPublishableKey, createShopper, storeHeaders } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"
import { createLoyaltyStore } from "../helpers/loyalty-store"
import { waitForQuiet, watchEventBus } from "../helpers/quiet"
import { registerShopper } from "../helpers/register"
import { placeOrder, SHIRT_AND_MUG } from "../helpers/store-fixture"
import { errorOf } from "../helpers/http-error"

jest.setTimeout(240_000)

type Headers = { headers: Record<string, string> }
const DAY = 24 * 60 * 60 * 1000

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("referral anti-fraud and review over HTTP", () => {
      let admin: Headers & { userId: string }
      let publishableKey: string

      beforeEach(async () => {
        const container = getContainer()
        watchEventBus(container)
        const created = await createAdmin(container)
        admin = { headers: created.headers, userId: created.user.id }
        publishableKey = await createPublishableKey(container)
      })

      afterEach(async () => {
        await expectLedgerInvariants(getContainer())
      })

      const loyalty = () => getContainer().resolve<ILoyaltyModuleService>(LOYALTY_MODULE)
      const codeOf = async (headers: Headers) => (await api.get("/store/loyalty/account", headers)).data.account.referral_code as string
      const claim = (headers: Headers, code: string) => api.post("/store/loyalty/referrals/claim", { code }, headers)
      /** The same shopper's requests as if sent from another network (Medusa trusts one proxy hop). */
      const from = (headers: Headers, ip: string): Headers => ({ headers: { ...headers.headers, "x-forwarded-for": ip } })
      const refusedReasons = async () => (await loyalty().listLoyaltyReferralRefusals({})).map((r) => r.reason).sort()
      const setReferrals = (referrals: Record<string, unknown>) => api.post("/admin/loyalty/program", { referrals }, admin)
      const queue = async (params = "") => (await api.get(`/admin/loyalty/referrals${params}`, admin)).data
      const decide = (id: string, decision: string, body: Record<string, unknown> = {}) =>
        api.post(`/admin/loyalty/referrals/${id}/${decision}`, body, admin)
      /** A referrer and friends bound to them with flag_referrals_per_day 1: the first bound, the others flagged. */
      const velocityNetwork = async (friends: number) => {
        await setReferrals({ flag_referrals_per_day: 1 })
        const referrer = await createShopper(getContainer(), publishableKey)
        const code = await codeOf(referrer.headers)
        const invited: Awaited<ReturnType<typeof registerShopper>>[] = []
        for (let i = 0; i < friends; i++) {
          const friend = await registerShopper(api, getContainer(), publishableKey)
          await claim(friend.headers, code)
          invited.push(friend)
        }
        return { referrer, code, invited }
      }

      describe("refusals", () => {
        it("refuses a friend with the referrer's mailbox, phone or shipping address (written differently), with a 400 saying which", async () => {
          const { fixture } = await createLoyaltyStore(getContainer(), api)
          const tag = Math.random().toString(36).slice(2, 8)
          const referrer = await createShopper(getContainer(), fixture.publishableKey, `sam.shopper.${tag}@gmail.com`)
          await getContainer().resolve(Modules.CUSTOMER).updateCustomers(referrer.customer.id, { phone: "+49 170 1234567" })
          // Shipped to Hauptstraße 1, 10115 Berlin.
          await placeOrder(api, fixture, referrer.headers, { currency: "eur", items: SHIRT_AND_MUG })
          const code = await codeOf(referrer.headers)

          const sameMailbox = await registerShopper(api, getContainer(), fixture.publishableKey, `samshopper${tag}+friend@googlemail.com`)
          expect(await errorOf(claim(sameMailbox.headers, code))).toMatchObject({
            status: 400,
            message: "This referral code belongs to a shopper with the same e-mail address as yours.",
          })
          const samePhone = await registerShopper(api, getContainer(), fixture.publishableKey)
          await api.post("/store/customers/me", { phone: "0049 170 123 45 67" }, samePhone.headers)
          expect(await errorOf(claim(samePhone.headers, code))).toMatchObject({
            status: 400,
            message: "This referral code belongs to a shopper with the same phone number as yours.",
          })
          const sameAddress = await registerShopper(api, getContainer(), fixture.publishableKey)
          await api.post(
            "/store/customers/me/addresses",
            { address_1: " hauptstraße 1. ", city: "Berlin", postal_code: "10 115", country_code: "DE" },
            sameAddress.headers
          )
          expect(await errorOf(claim(sameAddress.headers, code))).toMatchObject({
            status: 400,
            message: "This referral code belongs to a shopper with the same shipping address as yours.",
          })
          // A neighbour down the street is welcome.
          const neighbour = await registerShopper(api, getContainer(), fixture.publishableKey)
          await api.post("/store/customers/me/addresses", { address_1: "Hauptstraße 3", postal_code: "10115", country_code: "de" }, neighbour.headers)
          expect((await claim(neighbour.headers, code)).data.referral).toMatchObject({ status: "bound" })

          expect(await refusedReasons()).toEqual(["same_address", "same_email", "same_phone"])
          expect(await loyalty().listLoyaltyReferrals({})).toHaveLength(1)
        })

        it("refuses a disposable e-mail address", async () => {
          const referrer = await createShopper(getContainer(), publishableKey)
          const code = await codeOf(referrer.headers)
          const throwaway = await registerShopper(api, getContainer(), publishableKey, `friend-${Date.now()}@mailinator.com`)
          expect(await errorOf(claim(throwaway.headers, code))).toMatchObject({
            status: 400,
            message: "Referrals need a permanent e-mail address, not a disposable one.",
          })
          expect(await refusedReasons()).toEqual(["disposable_email"])
        })

        it("refuses friends of a referrer who had monthly_cap referrals rewarded this month", async () => {
          await setReferrals({ monthly_cap: 1 })
          const referrer = await createShopper(getContainer(), publishableKey)
          const code = await codeOf(referrer.headers)
          const first = await registerShopper(api, getContainer(), publishableKey)
          await claim(first.headers, code)
          const second = await registerShopper(api, getContainer(), publishableKey)
          // Bound, not yet rewarded: the cap counts rewards.
          expect((await claim(second.headers, code)).data.referral.status).toBe("bound")
          const [referral] = await loyalty().listLoyaltyReferrals({}, { order: { bound_at: "ASC" }, take: 1 })
          // The reward a first order pays the referrer (see referral-rewards.spec for the orders themselves).
          await loyalty().creditReferralReward({
            referral_id: referral.id,
            order_id: "order_cap",
            party: "referrer",
            points: 100,
            status: "pending",
            available_at: null,
            expires_at: null,
            max_balance: null,
            monthly_cap: null,
            reward_month: rewardMonth(new Date(), "UTC"),
            details: {},
            reason: "test",
            idempotency_key: `referral:${referral.id}:order_cap:referrer`,
          })
          const third = await registerShopper(api, getContainer(), publishableKey)
          expect(await errorOf(claim(third.headers, code))).toMatchObject({
            status: 400,
            message: "This shopper has invited as many friends as the program rewards this month; try again next month.",
          })
          expect(await refusedReasons()).toEqual(["monthly_cap"])
        })

        it(`limits guessing per shopper (${MAX_UNKNOWN_CODES_PER_HOUR} unknown codes an hour) and per address (${MAX_UNKNOWN_CODES_PER_IP_PER_HOUR}), without a refusal record for each`, async () => {
          const referrer = await createShopper(getContainer(), publishableKey)
          const code = await codeOf(referrer.headers)
          const guessers = await Promise.all([0, 1, 2].map(() => createShopper(getContainer(), publishableKey)))
          const office = "203.0.113.7"
          for (let i = 0; i < MAX_UNKNOWN_CODES_PER_IP_PER_HOUR; i++) {
            const guesser = guessers[i % guessers.length]
            expect(await errorOf(claim(from(guesser.headers, office), `GUESS-${i}`))).toMatchObject({ status: 400, message: `No shopper has the referral code GUESS-${i}.` })
          }
          const tooMany = "Too many referral codes that do not exist were tried; try again in an hour."
          // Each guesser reached their own limit; from another network they are still refused.
          expect(await errorOf(claim(from(guessers[0].headers, "198.51.100.1"), code))).toMatchObject({ status: 400, message: tooMany })
          // A newcomer in the same office is held back by the address…
          const colleague = await registerShopper(api, getContainer(), publishableKey)
          expect(await errorOf(claim(from(colleague.headers, office), code))).toMatchObject({ status: 400, message: tooMany })
          // …and is bound from home.
          expect((await claim(from(colleague.headers, "198.51.100.2"), code)).data.referral.status).toBe("bound")
          const refusals = await loyalty().listLoyaltyReferralRefusals({})
          expect(refusals).toHaveLength(MAX_UNKNOWN_CODES_PER_IP_PER_HOUR)
          expect(refusals.every((r) => r.reason === "unknown_code")).toBe(true)
        })
      })

      describe("flags", () => {
        it("flags a friend claiming from the referrer's device; the referrer sees the friend in review, never why, and no IP is stored", async () => {
          const referrer = await createShopper(getContainer(), publishableKey)
          const code = await codeOf(referrer.headers)
          const [account] = await loyalty().listLoyaltyAccounts({ customer_id: referrer.customer.id })
          expect(account.device_hash).toMatch(/^[0-9a-f]{40}$/)
          expect(JSON.stringify(account)).not.toMatch(/127\.0\.0\.1|::1/)

          const elsewhere = await registerShopper(api, getContainer(), publishableKey)
          expect((await claim(elsewhere.headers, code)).data.referral.status).toBe("bound")
          const friend = await registerShopper(api, getContainer(), publishableKey)
          const onReferrersLaptop = { headers: { ...friend.headers.headers, "user-agent": referrer.headers.headers["user-agent"] } }
          const { data } = await claim(onReferrersLaptop, code)
          expect(data.referral).toMatchObject({ status: "in_review", code })
          expect(JSON.stringify(data)).not.toMatch(/same_device|flag/)

          const { referrals } = await queue("?status=flagged")
          expect(referrals).toEqual([
            expect.objectContaining({
              status: "flagged",
              flag_reason: "same_device",
              referee: expect.objectContaining({ customer_id: friend.customer.id, email: friend.customer.email, first_name: "Nina" }),
              referrer: expect.objectContaining({ customer_id: referrer.customer.id, email: referrer.customer.email, first_name: "Sam" }),
            }),
          ])
          const { flagged_at, review_deadline_at } = referrals[0]
          expect(new Date(review_deadline_at).getTime() - new Date(flagged_at).getTime()).toBe(14 * DAY)

          const network = (await api.get("/store/loyalty/referrals", referrer.headers)).data
          expect(network.invitees.map((i: any) => i.status).sort()).toEqual(["bound", "in_review"])
          expect(JSON.stringify(network)).not.toMatch(/same_device|flagged/)
          await waitForQuiet(getContainer())
        })

        it("flags a referrer's bindings past flag_referrals_per_day", async () => {
          const { invited } = await velocityNetwork(3)
          const { referrals, count } = await queue()
          expect(count).toBe(3)
          expect(referrals.map((r: any) => [r.status, r.flag_reason])).toEqual([
            ["flagged", "velocity"],
            ["flagged", "velocity"],
            ["bound", null],
          ])
          expect(referrals[2].referee.customer_id).toBe(invited[0].customer.id)
        })
      })

      describe("the review queue", () => {
        it("approves one flagged referral and rejects another, once each; a repeat answers the same, a wrong move is a 400", async () => {
          const { referrer, invited } = await velocityNetwork(3)
          const [second, first, plain] = (await queue()).referrals
          expect(plain.status).toBe("bound")

          const approved = (await decide(first.id, "approve", { reason: "a colleague, checked" })).data.referral
          expect(approved).toMatchObject({ id: first.id, status: "bound", reviewed_by: admin.userId, review_note: "a colleague, checked" })
          expect((await decide(first.id, "approve")).data.referral).toEqual(approved)
          expect(await errorOf(decide(first.id, "reject", { reason: "changed my mind" }))).toMatchObject({
            status: 400,
            message: "This referral is not waiting for review; only a flagged referral can be rejected (unbind a bound one).",
          })

          expect(await errorOf(decide(second.id, "reject", {}))).toMatchObject({ status: 400, message: expect.stringMatching(/ield 'reason'/) })
          expect(await errorOf(decide(second.id, "reject", { reason: "   " }))).toMatchObject({ status: 400, message: expect.stringMatching(/ield 'reason'/) })
          const rejected = (await decide(second.id, "reject", { reason: "same household" })).data.referral
          expect(rejected).toMatchObject({ status: "rejected", review_note: "same household", reviewed_by: admin.userId })
          expect((await decide(second.id, "reject", { reason: "same household" })).data.referral).toEqual(rejected)
          expect(await errorOf(decide(second.id, "approve"))).toMatchObject({ status: 400, message: "This referral was rejected; a rejected referral stays rejected." })
          expect(await errorOf(decide(plain.id, "approve"))).toMatchObject({ status: 400, message: expect.stringMatching(/only a flagged referral can be approved/) })
          expect((await errorOf(decide("lyrfl_missing", "approve"))).status).toBe(404)
          expect((await errorOf(decide(first.id, "approve", { reason: "x", extra: 1 }))).status).toBe(400)

          const network = (await api.get("/store/loyalty/referrals", referrer.headers)).data
          const statusOf = (friend: (typeof invited)[number]) =>
            network.invitees.find((i: any) => i.id === [first, second, plain].find((r) => r.referee.customer_id === friend.customer.id).id).status
          expect(invited.map(statusOf)).toEqual(["bound", "bound", "rejected"])
        })

        it("unbinds a bound or flagged referral with a reason; past ledger rows stay; unbinding again answers the same", async () => {
          const { referrer, invited } = await velocityNetwork(2)
          const [flagged, bound] = (await queue()).referrals
          await loyalty().credit({
            customer_id: referrer.customer.id,
            type: "referral",
            status: "pending",
            points: 40,
            reference: `referral:${bound.id}`,
            idempotency_key: `test-reward:${bound.id}`,
          })
          expect(await errorOf(decide(bound.id, "unbind"))).toMatchObject({ status: 400, message: expect.stringMatching(/ield 'reason'/) })
          const unbound = (await decide(bound.id, "unbind", { reason: "the friend asked" })).data.referral
          expect(unbound).toMatchObject({ status: "unbound", review_note: "the friend asked" })
          expect((await decide(bound.id, "unbind", { reason: "again" })).data.referral).toEqual(unbound)
          expect((await decide(flagged.id, "unbind", { reason: "fake" })).data.referral.status).toBe("unbound")
          expect(await errorOf(decide(bound.id, "approve"))).toMatchObject({ status: 400, message: "This referral was unbound; an unbound referral stays unbound." })
          // The reward already given stays in the ledger, and the queue still shows it as rewarded.
          const rewards = await loyalty().listLoyaltyTransactions({ type: "referral" } as any)
          expect(rewards.map((r: any) => r.points)).toEqual([40])
          expect(await queue("?rewarded=true")).toMatchObject({ count: 1, referrals: [expect.objectContaining({ id: bound.id, rewarded: true, reward_points: 40 })] })
          expect((await api.get("/store/loyalty/referrals", referrer.headers)).data.invitees.map((i: any) => i.status)).toEqual(["unbound", "unbound"])
          expect(invited).toHaveLength(2)
        })

        it("lists by status, rewarded, or the refused claims, paged and newest first; bad filters are a 400", async () => {
          const { referrer, code } = await velocityNetwork(2)
          await errorOf(claim(referrer.headers, code))
          const refused = await queue("?refused=true")
          expect(refused).toMatchObject({
            count: 1,
            refusals: [
              {
                code,
                reason: "self_referral",
                shopper: expect.objectContaining({ customer_id: referrer.customer.id, email: referrer.customer.email }),
                referrer: expect.objectContaining({ customer_id: referrer.customer.id }),
              },
            ],
          })
          expect(await queue("?status=bound")).toMatchObject({ count: 1, referrals: [expect.objectContaining({ status: "bound" })] })
          expect(await queue("?rewarded=true")).toMatchObject({ count: 0, referrals: [] })
          const page = await queue("?limit=1&offset=1")
          expect(page).toMatchObject({ count: 2, limit: 1, offset: 1, referrals: [expect.objectContaining({ status: "bound" })] })
          for (const params of ["?status=gone", "?rewarded=yes", "?refused=true&status=bound", "?limit=0", "?customer_id=x"]) {
            const error = await errorOf(api.get(`/admin/loyalty/referrals${params}`, admin))
            expect(error.status).toBe(400)
            expect(error.message).toMatch(/status|rewarded|refused|limit|customer_id/)
          }
        })

        it("is for admins only", async () => {
          const { invited } = await velocityNetwork(2)
          const [flagged] = (await queue()).referrals
          const shopper = invited[1].headers
          expect((await errorOf(api.get("/admin/loyalty/referrals", shopper))).status).toBe(401)
          expect((await errorOf(api.get("/admin/loyalty/referrals", storeHeaders(publishableKey)))).status).toBe(401)
          for (const decision of ["approve", "reject", "unbind"]) {
            expect((await errorOf(api.post(`/admin/loyalty/referrals/${flagged.id}/${decision}`, { reason: "mine" }, shopper))).status).toBe(401)
          }
          expect((await queue("?status=flagged")).referrals[0]).toMatchObject({ id: flagged.id, status: "flagged", reviewed_at: null })
        })
      })

      describe("the review deadline", () => {
        it("applies review_default to flagged referrals past their deadline, each once when two runs overlap", async () => {
          await velocityNetwork(4)
          await setReferrals({ review_default: "approve" })
          const flaggedIds = (await queue("?status=flagged")).referrals.map((r: any) => r.id).sort()
          expect(flaggedIds).toHaveLength(3)
          // Not due yet.
          expect(await reviewDeadline(getContainer())).toEqual({ approved: 0, rejected: 0, unpaid: 0 })
          const later = new Date(Date.now() + 15 * DAY)
          const runs = await Promise.all([
            reviewDeadline(getContainer(), { now: later, batch_size: 2 }),
            reviewDeadline(getContainer(), { now: later, batch_size: 2 }),
          ])
          expect(runs[0].approved + runs[1].approved).toBe(3)
          expect(runs.every((run) => run.rejected === 0 && run.unpaid === 0)).toBe(true)
          const decided = (await queue()).referrals.filter((r: any) => flaggedIds.includes(r.id))
          expect(decided.every((r: any) => r.status === "bound" && r.reviewed_by === null && /deadline passed/.test(r.review_note))).toBe(true)
          // An admin who comes late sees the decision stand: approving replays, rejecting is refused.
          expect((await decide(flaggedIds[0], "approve")).data.referral.status).toBe("bound")
          expect((await errorOf(decide(flaggedIds[0], "reject", { reason: "late" }))).status).toBe(400)
        })

        it("rejects by default", async () => {
          await velocityNetwork(2)
          const later = new Date(Date.now() + 15 * DAY)
          expect(await reviewDeadline(getContainer(), { now: later })).toEqual({ approved: 0, rejected: 1, unpaid: 0 })
          expect((await queue("?status=rejected")).referrals).toEqual([expect.objectContaining({ flag_reason: "velocity", reviewed_by: null })])
        })
      })
    })
  },
})
