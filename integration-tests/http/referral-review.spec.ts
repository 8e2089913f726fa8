import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createShopper } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"
import { afterHandled } from "../helpers/loyalty-events"
import { createLoyaltyStore } from "../helpers/loyalty-store"
import { realFlows } from "../helpers/real-flows"
import { cancelOrder, completePaidCart, createCart, getOrder, payCart, SHIRT_AND_MUG, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(180_000)

type Shopper = { customer: { id: string }; headers: { headers: Record<string, string> } }

/** Review of referral rewards (branch ref-review): scenarios the rewards spec does not cover. */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("referral rewards under review", () => {
      let admin: { headers: Record<string, string> }
      let fixture: StoreFixture
      let referrer: Shopper
      const flows = realFlows(api, getContainer, () => ({ admin, fixture }))

      beforeEach(async () => {
        ;({ admin, fixture, shopper: referrer } = await createLoyaltyStore(getContainer(), api))
        await flows.setProgram({
          referrals: { enabled: true, referrer_points: 300, referrer_percent: 10, referee_points: 200, min_order_amount: { eur: 30 } },
        })
      })

      afterEach(async () => {
        await expectLedgerInvariants(getContainer())
      })

      async function referredShopper() {
        const code = (await api.get("/store/loyalty/account", referrer.headers)).data.account.referral_code
        const friend = await createShopper(getContainer(), fixture.publishableKey)
        await api.post("/store/loyalty/referrals/claim", { code }, friend.headers)
        return friend
      }

      async function checkout(who: Shopper) {
        const cart = await createCart(api, fixture, who.headers, { currency: "eur", items: SHIRT_AND_MUG })
        await payCart(api, who.headers, cart.id)
        const placed = await afterHandled(getContainer(), ["order.placed"], () => completePaidCart(api, who.headers, cart.id))
        return getOrder(api, admin, placed.id)
      }

      const referralRows = async (customerId: string) =>
        (await flows.ledger(customerId)).filter((row: any) => row.type === "referral" && row.status !== "void")

      // A canceled first order once counted as the first: the friend's real first order then paid
      // neither party, ever (seen failing before the fix: 0 rows for the referrer).
      it("pays the referrer for the friend's first order that stands when the very first was canceled", async () => {
        const friend = await referredShopper()
        const first = await checkout(friend)
        await afterHandled(getContainer(), ["order.canceled"], () => cancelOrder(api, admin, first.id))
        const second = await checkout(friend)
        expect((await referralRows(referrer.customer.id)).map((row: any) => row.order_id)).toEqual([second.id])
        expect((await referralRows(friend.customer.id)).map((row: any) => row.order_id)).toEqual([second.id])
      })
    })
  },
})
