import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { grantBirthdayBonusesWorkflow } from "../../src/workflows"
import { createAdmin } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"
import { afterHandled } from "../helpers/loyalty-events"
import { registerShopper } from "../helpers/register"
import { createCart, createStoreFixture, placeOrder, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(300_000)

const DAY = 24 * 60 * 60 * 1000

/** A birthday on `day`'s month and day (UTC), in 1992: a leap year has every date. */
const birthdayOn = (day: Date) => `1992-${day.toISOString().slice(5, 10)}`

/**
 * The example program of the README ("Program rules"), number by number:
 * 500 points on registration; 1000 on the birthday that expire in 3 days;
 * 5 % back on every paid order, valid a month; at most 20 % of an order
 * payable with points; 500 extra once a shopper has spent 20 000 in total.
 * A point is worth 0.01 eur; a shirt costs 50 eur + 20 % tax.
 */
const README_PROGRAM = {
  point_values: { eur: 0.01 },
  welcome_bonus: { points: 500, expiry_days: null },
  birthday_bonus: { points: 1000, expiry_days: 3 },
  earn_percent: 5,
  expiry_days: 30,
  max_redeem_percent: 20,
  achievements: [{ currency_code: "eur", spend: 20000, points: 500 }],
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("the README's example program", () => {
      it("gives every number the README promises", async () => {
        const container = getContainer()
        const admin = { headers: (await createAdmin(container)).headers }
        const fixture: StoreFixture = await createStoreFixture(container, api, admin)
        await api.post("/admin/loyalty/program", README_PROGRAM, admin)

        // 500 points on registration.
        const shopper = await registerShopper(api, container, fixture.publishableKey)
        const account = async () => (await api.get("/store/loyalty/account", shopper.headers)).data.account
        expect(await account()).toMatchObject({ balance: 500 })

        // 1000 on the birthday, expiring 3 days later. The clock the birthday job runs with is
        // today; the shopper was born on today's date in a leap year, so that the date exists
        // whatever today is (on 29 February, 1990-02-29 did not).
        const today = new Date()
        await api.post("/store/loyalty/account", { birthday: birthdayOn(today) }, shopper.headers)
        await grantBirthdayBonusesWorkflow(container).run({ input: { now: today.toISOString() } })
        const afterBirthday = await account()
        expect(afterBirthday.balance).toBe(1500)
        const birthdayLot = afterBirthday.expiring.find((lot: any) => lot.points === 1000)
        expect(Math.abs(new Date(birthdayLot.expires_at).getTime() - today.getTime() - 3 * DAY)).toBeLessThan(60_000)

        // 5 % back on an order: 50 eur of items → 2.50 eur → 250 points, valid a month once available.
        const order = await afterHandled(container, ["order.placed"], () =>
          placeOrder(api, fixture, shopper.headers, { currency: "eur", items: [{ variant: "shirt", quantity: 1 }] })
        )
        const { data: ledger } = await api.get(`/store/loyalty/account/transactions?order_id=${order.id}`, shopper.headers)
        const [earn] = ledger.transactions
        expect(earn).toMatchObject({ type: "earn", points: 250, status: "pending" })
        expect(new Date(earn.expires_at).getTime() - new Date(earn.available_at).getTime()).toBe(30 * DAY)

        // At most 20 % of an order: a shirt at 60 eur with tax takes at most 12 eur = 1200 points.
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: [{ variant: "shirt", quantity: 1 }] })
        const { data: points } = await api.get(`/store/carts/${cart.id}/loyalty-points`, shopper.headers)
        expect(points).toMatchObject({ max_redeemable_points: 1200, balance: 1500 })
        const tooMany = await api.post(`/store/carts/${cart.id}/loyalty-points`, { points: 1201 }, shopper.headers).catch((e: any) => e.response)
        expect(tooMany.status).toBe(400)
        expect(tooMany.data.message).toContain("max_redeem_percent")

        // 500 extra once the shopper has spent 20 000: 60 so far, then 334 shirts at 60 = 20 040 more.
        const big = await afterHandled(container, ["order.placed"], () =>
          placeOrder(api, fixture, shopper.headers, { currency: "eur", items: [{ variant: "shirt", quantity: 334 }] })
        )
        const { data: bigLedger } = await api.get(`/store/loyalty/account/transactions?order_id=${big.id}`, shopper.headers)
        expect(bigLedger.transactions.map((t: any) => [t.type, t.points]).sort()).toEqual([
          ["bonus", 500],
          // 5 % of 16 700 eur of items.
          ["earn", 83500],
        ])
        await expectLedgerInvariants(container)
      })
    })
  },
})
