import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { REFERRAL_ALPHABET } from "../../src/lib/referral-code"
import { LOYALTY_MODULE } from "../../src/modules/loyalty"
import type { ILoyaltyModuleService } from "../../src/types/loyalty"
import { createAdmin, createPublishableKey, createShopper, storeHeaders } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"
import { waitForQuiet, watchEventBus } from "../helpers/quiet"
import { createLoyaltyStore } from "../helpers/loyalty-store"
import { registerShopper } from "../helpers/register"
import { placeGuestOrder, placeOrder, SHIRT_AND_MUG } from "../helpers/store-fixture"
import { errorOf } from "../helpers/http-error"

jest.setTimeout(120_000)

const DRAWN = new RegExp(`^[A-Z]+-[${REFERRAL_ALPHABET}]{4}$`)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("referrals over HTTP", () => {
      let admin: { headers: Record<string, string> }
      let publishableKey: string

      beforeEach(async () => {
        const container = getContainer()
        watchEventBus(container)
        admin = { headers: (await createAdmin(container)).headers }
        publishableKey = await createPublishableKey(container)
      })

      afterEach(async () => {
        await expectLedgerInvariants(getContainer())
      })

      const loyalty = () => getContainer().resolve<ILoyaltyModuleService>(LOYALTY_MODULE)
      const account = async (headers: { headers: Record<string, string> }) =>
        (await api.get("/store/loyalty/account", headers)).data.account
      const chooseCode = (headers: { headers: Record<string, string> }, code: unknown) =>
        api.post("/store/loyalty/referrals/code", { code }, headers)

      it("gives a registered shopper a code from their first name, with a link once the program has a storefront_url", async () => {
        const shopper = await registerShopper(api, getContainer(), publishableKey)
        await waitForQuiet(getContainer())
        // Given at registration (customer.created), before any read.
        const [stored] = await loyalty().listLoyaltyAccounts({ customer_id: shopper.customer.id })
        expect(stored.referral_code).toMatch(/^NINA-/)
        const first = await account(shopper.headers)
        expect(first.referral_code).toBe(stored.referral_code)
        expect(first.referral_code).toMatch(DRAWN)
        expect(first.referral_link).toBeNull()

        await api.post("/admin/loyalty/program", { storefront_url: "https://shop.example/de?utm_source=loyalty" }, admin)
        const again = await account(shopper.headers)
        expect(again.referral_code).toBe(first.referral_code)
        expect(again.referral_link).toBe(`https://shop.example/de?utm_source=loyalty&ref=${first.referral_code}`)
      })

      it("gives a shopper from before referral codes one code on first read, however many reads come at once", async () => {
        const shopper = await createShopper(getContainer(), publishableKey)
        const reads = await Promise.all([account(shopper.headers), account(shopper.headers), account(shopper.headers)])
        expect(new Set(reads.map((a) => a.referral_code)).size).toBe(1)
        expect(reads[0].referral_code).toMatch(/^SAM-/)
      })

      it("lets a shopper choose their own code once; the old code still names them", async () => {
        const shopper = await createShopper(getContainer(), publishableKey)
        const drawn = (await account(shopper.headers)).referral_code
        const { data } = await chooseCode(shopper.headers, " sam-2026 ")
        expect(data.account.referral_code).toBe("SAM-2026")
        expect(await account(shopper.headers)).toMatchObject({ referral_code: "SAM-2026" })

        const second = await errorOf(chooseCode(shopper.headers, "SAM-2027"))
        expect(second.status).toBe(400)
        expect(second.message).toMatch(/already changed once/)
        expect(await account(shopper.headers)).toMatchObject({ referral_code: "SAM-2026" })

        const owner = await loyalty().findReferralCodeOwner(drawn)
        expect(owner).toMatchObject({ customer_id: shopper.customer.id, current: false })
      })

      it("refuses a taken code with 422 and a bad one with 400 naming the field, changing nothing", async () => {
        const first = await createShopper(getContainer(), publishableKey)
        const second = await createShopper(getContainer(), publishableKey)
        await chooseCode(first.headers, "SUMMERSALE")
        const before = (await account(second.headers)).referral_code

        const taken = await errorOf(chooseCode(second.headers, "summersale"))
        expect(taken.status).toBe(422)
        expect(taken.message).toMatch(/SUMMERSALE is taken/)
        for (const body of [{ code: "A B" }, { code: 42 }, {}, { code: "GOOD-1", extra: true }]) {
          const bad = await errorOf(api.post("/store/loyalty/referrals/code", body, second.headers))
          expect(bad.status).toBe(400)
          expect(bad.message).toMatch(/code|extra/)
        }
        expect((await account(second.headers)).referral_code).toBe(before)
        expect((await chooseCode(second.headers, "SECOND-ONE")).data.account.referral_code).toBe("SECOND-ONE")
      })

      it("needs a logged-in shopper", async () => {
        expect((await errorOf(chooseCode(storeHeaders(publishableKey), "ANYONE"))).status).toBe(401)
        expect((await errorOf(api.post("/store/loyalty/referrals/code", { code: "ANYONE" }, { headers: { ...admin.headers, "x-publishable-api-key": publishableKey } }))).status).toBe(401)
      })

      describe("POST /store/loyalty/referrals/claim", () => {
        const claim = (headers: { headers: Record<string, string> }, code: unknown) =>
          api.post("/store/loyalty/referrals/claim", { code }, headers)

        it("binds a new shopper to the code's owner once and for good; the first referrer wins", async () => {
          const anna = await createShopper(getContainer(), publishableKey)
          const ben = await createShopper(getContainer(), publishableKey)
          const annaCode = (await account(anna.headers)).referral_code
          const benCode = (await account(ben.headers)).referral_code
          const newcomer = await registerShopper(api, getContainer(), publishableKey)

          const { data } = await claim(newcomer.headers, annaCode.toLowerCase())
          expect(data.referral).toMatchObject({ code: annaCode, source: "code", status: "bound" })
          // The storefront sends the same ref twice (a reload): the same binding.
          expect((await claim(newcomer.headers, annaCode)).data.referral).toEqual(data.referral)
          const second = await errorOf(claim(newcomer.headers, benCode))
          expect(second).toMatchObject({ status: 400, message: "You were already referred by another shopper; a referral is bound once." })

          await waitForQuiet(getContainer())
          const [referee] = await loyalty().listLoyaltyAccounts({ customer_id: newcomer.customer.id })
          const [referrer] = await loyalty().listLoyaltyAccounts({ customer_id: anna.customer.id })
          expect(referee.referred_by_account_id).toBe(referrer.id)
        })

        it("refuses one's own code, an unknown code and a shopper who already ordered, with a message to show", async () => {
          const { fixture, shopper: customer } = await createLoyaltyStore(getContainer(), api)
          const anna = await createShopper(getContainer(), fixture.publishableKey)
          const annaCode = (await account(anna.headers)).referral_code
          await placeOrder(api, fixture, customer.headers, { currency: "eur", items: SHIRT_AND_MUG })

          expect(await errorOf(claim(anna.headers, annaCode))).toMatchObject({ status: 400, message: "Your own referral code cannot be used for yourself." })
          expect(await errorOf(claim(anna.headers, "NOBODY-7K3Q"))).toMatchObject({ status: 400, message: "No shopper has the referral code NOBODY-7K3Q." })
          expect(await errorOf(claim(customer.headers, annaCode))).toMatchObject({ status: 400, message: "Referral codes are for new shoppers before their first order." })
          // A guest's order counts too: they register afterwards with the same e-mail.
          const email = `guest-then-member-${Date.now()}@test.dev`
          await placeGuestOrder(api, fixture, { currency: "eur", items: SHIRT_AND_MUG, email })
          const member = await registerShopper(api, getContainer(), fixture.publishableKey, email)
          expect(await errorOf(claim(member.headers, annaCode))).toMatchObject({ status: 400, message: "Referral codes are for new shoppers before their first order." })
          for (const body of [{}, { code: "" }, { code: 7 }, { code: "ANNA", referrer: "x" }, { code: "NOT A CODE!" }, { code: "A".repeat(21) }]) {
            expect((await errorOf(api.post("/store/loyalty/referrals/claim", body, customer.headers))).status).toBe(400)
          }
          expect((await errorOf(claim(storeHeaders(fixture.publishableKey), annaCode))).status).toBe(401)
          const refused = await loyalty().listLoyaltyReferralRefusals({})
          expect(refused.map((r) => r.reason).sort()).toEqual(["existing_customer", "existing_customer", "self_referral", "unknown_code"])
          expect(await loyalty().listLoyaltyReferrals({})).toEqual([])
        })
      })

      describe("GET /store/loyalty/referrals", () => {
        it("shows the shopper their code, link and the friends they brought, by initials, paged, newest first", async () => {
          const { fixture, admin: owner } = await createLoyaltyStore(getContainer(), api)
          await api.post("/admin/loyalty/program", { storefront_url: "https://shop.example" }, owner)
          const anna = await createShopper(getContainer(), fixture.publishableKey)
          const code = (await account(anna.headers)).referral_code
          const first = await registerShopper(api, getContainer(), fixture.publishableKey)
          await api.post("/store/loyalty/referrals/claim", { code }, first.headers)
          await placeOrder(api, fixture, first.headers, { currency: "eur", items: SHIRT_AND_MUG })
          const second = await registerShopper(api, getContainer(), fixture.publishableKey)
          await api.post("/store/loyalty/referrals/claim", { code }, second.headers)

          const { data } = await api.get("/store/loyalty/referrals", anna.headers)
          expect(data).toMatchObject({
            referral_code: code,
            referral_link: `https://shop.example/?ref=${code}`,
            count: 2,
            limit: 20,
            offset: 0,
            totals: { invitees: 2, points_pending: 0, points_earned: 0 },
          })
          expect(data.invitees).toEqual([
            expect.objectContaining({ name: "N***", status: "bound", source: "code", orders: 0, points_pending: 0, points_earned: 0 }),
            expect.objectContaining({ name: "N***", status: "bound", orders: 1 }),
          ])
          expect(JSON.stringify(data)).not.toMatch(/@test\.dev|cus_/)

          const page = (await api.get("/store/loyalty/referrals?limit=1&offset=1", anna.headers)).data
          expect(page).toMatchObject({ count: 2, limit: 1, offset: 1, invitees: [expect.objectContaining({ orders: 1 })] })
          // The friends' own networks are empty; no one sees another's.
          expect((await api.get("/store/loyalty/referrals", first.headers)).data).toMatchObject({ count: 0, invitees: [] })
          expect((await errorOf(api.get("/store/loyalty/referrals?customer_id=x", anna.headers))).status).toBe(400)
          expect((await errorOf(api.get("/store/loyalty/referrals", storeHeaders(fixture.publishableKey)))).status).toBe(401)
        })
      })

      it("refuses a storefront_url that is not an http(s) URL", async () => {
        for (const storefront_url of ["shop.example", "javascript:alert(1)", "ftp://shop.example"]) {
          const error = await errorOf(api.post("/admin/loyalty/program", { storefront_url }, admin))
          expect(error.status).toBe(400)
          expect(error.message).toMatch(/storefront_url/)
        }
        expect((await api.post("/admin/loyalty/program", { storefront_url: null }, admin)).data.program.storefront_url).toBeNull()
      })
    })
  },
})
