import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { LOYALTY_MODULE } from "../../src/modules/loyalty"
import type { ILoyaltyModuleService } from "../../src/types/loyalty"
import { createShopper } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"
import { createLoyaltyStore } from "../helpers/loyalty-store"
import { registerShopper } from "../helpers/register"
import { placeOrder, SHIRT_AND_MUG, type StoreFixture } from "../helpers/store-fixture"
import { errorOf } from "../helpers/http-error"

jest.setTimeout(180_000)

type Headers = { headers: Record<string, string> }

/** GET /admin/customers/:id/loyalty/referrals: a customer's network as the admin's customer page shows it. */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("a customer's referrals in the admin", () => {
      let admin: Headers
      let fixture: StoreFixture
      let referrer: { customer: { id: string; email: string }; headers: Headers }

      beforeEach(async () => {
        ;({ admin, fixture, shopper: referrer } = await createLoyaltyStore(getContainer(), api))
        await api.post("/admin/loyalty/program", { storefront_url: "https://shop.example", referrals: { enabled: true } }, admin)
      })

      afterEach(async () => {
        await expectLedgerInvariants(getContainer())
      })

      const network = async (customerId: string, query = "") =>
        (await api.get(`/admin/customers/${customerId}/loyalty/referrals${query}`, admin)).data
      const loyalty = () => getContainer().resolve<ILoyaltyModuleService>(LOYALTY_MODULE)
      const codeOf = async (who: Headers) => (await api.get("/store/loyalty/referrals", who)).data.referral_code as string

      /** A new shopper with a real name, bound to the referrer's code. */
      async function referee(firstName: string, lastName: string) {
        const friend = await registerShopper(api, getContainer(), fixture.publishableKey)
        await getContainer().resolve(Modules.CUSTOMER).updateCustomers(friend.customer.id, { first_name: firstName, last_name: lastName })
        await api.post("/store/loyalty/referrals/claim", { code: await codeOf(referrer.headers) }, friend.headers)
        const [account] = await loyalty().listLoyaltyAccounts({ customer_id: friend.customer.id })
        const [referral] = await loyalty().listLoyaltyReferrals({ referee_account_id: account.id })
        return { ...friend, referral }
      }

      it("lists the referrer's invitees unmasked, with their real status, flag reason and orders, newest first", async () => {
        const olga = await referee("Olga", "Petrova")
        await placeOrder(api, fixture, olga.headers, { currency: "eur", items: SHIRT_AND_MUG })
        const ivan = await referee("Ivan", "Sidorov")
        await loyalty().flagReferral(ivan.referral.id, "velocity")

        const data = await network(referrer.customer.id)
        expect(data).toMatchObject({
          referrals_enabled: true,
          referral_code: await codeOf(referrer.headers),
          referral_link: `https://shop.example/?ref=${await codeOf(referrer.headers)}`,
          referred_by: null,
          sites: [],
          count: 2,
          limit: 20,
          offset: 0,
          totals: { invitees: 2 },
        })
        expect(data.invitees).toEqual([
          expect.objectContaining({
            id: ivan.referral.id,
            customer_id: ivan.customer.id,
            first_name: "Ivan",
            last_name: "Sidorov",
            email: ivan.customer.email,
            status: "flagged",
            flag_reason: "velocity",
            source: "code",
            orders: 0,
          }),
          expect.objectContaining({
            id: olga.referral.id,
            customer_id: olga.customer.id,
            first_name: "Olga",
            last_name: "Petrova",
            email: olga.customer.email,
            status: "bound",
            flag_reason: null,
            orders: 1,
          }),
        ])
        // The shopper's own view of the same network stays masked, the flag as in_review.
        const store = (await api.get("/store/loyalty/referrals", referrer.headers)).data
        expect(store.invitees.map((i: any) => [i.name, i.status])).toEqual([["I*** S.", "in_review"], ["O*** P.", "bound"]])
        expect(JSON.stringify(store)).not.toMatch(/@test\.dev|cus_|velocity/)
      })

      it("shows on the referee's page who referred them, how and when", async () => {
        const olga = await referee("Olga", "Petrova")
        await getContainer().resolve(Modules.CUSTOMER).updateCustomers(referrer.customer.id, { first_name: "Anna", last_name: "Berg" })

        const data = await network(olga.customer.id)
        expect(data.referred_by).toEqual({
          id: olga.referral.id,
          status: "bound",
          source: "code",
          code: await codeOf(referrer.headers),
          bound_at: expect.any(String),
          flag_reason: null,
          flagged_at: null,
          reviewed_at: null,
          review_note: null,
          referrer: { customer_id: referrer.customer.id, first_name: "Anna", last_name: "Berg", email: referrer.customer.email },
        })
        expect(data).toMatchObject({ count: 0, invitees: [], totals: { invitees: 0, points_pending: 0, points_earned: 0 } })
      })

      it("pages the invitees with limit and offset and refuses other parameters", async () => {
        const first = await referee("Olga", "Petrova")
        const second = await referee("Ivan", "Sidorov")
        const third = await referee("Pyotr", "Ivanov")

        const page = await network(referrer.customer.id, "?limit=2&offset=1")
        expect(page).toMatchObject({ count: 3, limit: 2, offset: 1, totals: { invitees: 3 } })
        expect(page.invitees.map((i: any) => i.customer_id)).toEqual([second.customer.id, first.customer.id])
        expect((await network(referrer.customer.id, "?limit=2")).invitees.map((i: any) => i.customer_id)).toEqual([
          third.customer.id,
          second.customer.id,
        ])
        for (const query of ["?limit=0", "?limit=101", "?offset=-1", "?status=bound"]) {
          expect((await errorOf(api.get(`/admin/customers/${referrer.customer.id}/loyalty/referrals${query}`, admin))).status).toBe(400)
        }
      })

      it("reads without writing: no code for a customer without an account, no referral coupon", async () => {
        await api.post("/admin/loyalty/program", { referrals: { coupon: { type: "percentage", value: 10 } } }, admin)
        const newcomer = await createShopper(getContainer(), fixture.publishableKey)
        const data = await network(newcomer.customer.id)
        expect(data).toMatchObject({ referral_code: null, referred_by: null, count: 0, invitees: [] })
        expect(data).not.toHaveProperty("coupon_code")
        expect(await loyalty().listLoyaltyAccounts({ customer_id: newcomer.customer.id })).toEqual([])

        const member = await registerShopper(api, getContainer(), fixture.publishableKey)
        const promotions = () => getContainer().resolve(Modules.PROMOTION).listPromotions({})
        expect((await network(member.customer.id)).referral_code).toEqual(expect.any(String))
        expect(await promotions()).toEqual([])
        // The shopper's own read is what makes their coupon.
        expect((await api.get("/store/loyalty/referrals", member.headers)).data.coupon_code).toEqual(expect.any(String))
        expect(await promotions()).toHaveLength(1)
      })

      it("answers 404 for an unknown customer and 401 to a shopper", async () => {
        expect(await errorOf(api.get("/admin/customers/cus_nobody/loyalty/referrals", admin))).toMatchObject({
          status: 404,
          message: "Customer with id: cus_nobody was not found",
        })
        expect((await errorOf(api.get(`/admin/customers/${referrer.customer.id}/loyalty/referrals`, referrer.headers))).status).toBe(401)
        expect((await errorOf(api.get(`/admin/customers/${referrer.customer.id}/loyalty/referrals`))).status).toBe(401)
      })
    })
  },
})
