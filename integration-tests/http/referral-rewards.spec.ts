import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { ILoyaltyModuleService } from "../../src/types/loyalty"
import { createShopper } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"
import { afterHandled, emitOnBus, loyaltyEventRecorder } from "../helpers/loyalty-events"
import { createLoyaltyStore } from "../helpers/loyalty-store"
import { waitForQuiet } from "../helpers/quiet"
import { realFlows } from "../helpers/real-flows"
import {
  cancelOrder,
  completePaidCart,
  createCart,
  getOrder,
  payCart,
  returnItems,
  SHIRT_AND_MUG,
  type StoreFixture,
} from "../helpers/store-fixture"

jest.setTimeout(180_000)

type Shopper = { customer: { id: string }; headers: { headers: Record<string, string> } }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("referral rewards through real orders", () => {
      let admin: { headers: Record<string, string> }
      let fixture: StoreFixture
      let referrer: Shopper
      let loyalty: ILoyaltyModuleService
      const flows = realFlows(api, getContainer, () => ({ admin, fixture }))

      const REFERRALS = {
        enabled: true,
        referrer_points: 300,
        referrer_percent: 10,
        referee_points: 200,
        min_order_amount: { eur: 30 },
      }

      beforeEach(async () => {
        recorder.start()
        ;({ admin, fixture, shopper: referrer, loyalty } = await createLoyaltyStore(getContainer(), api))
        await flows.setProgram({ referrals: REFERRALS })
      })

      afterEach(async () => {
        recorder.stop()
        await expectLedgerInvariants(getContainer())
      })

      /** A new shopper who gives `by`'s referral code after signing up, as a storefront does with ?ref=. */
      async function referredShopper(by: Shopper = referrer) {
        const code = (await api.get("/store/loyalty/account", by.headers)).data.account.referral_code
        const friend = await createShopper(getContainer(), fixture.publishableKey)
        await api.post("/store/loyalty/referrals/claim", { code }, friend.headers)
        return friend
      }

      /**
       * A checkout in the order real storefronts run it: the cart, the payment session, then the
       * points changed on the payment step (the session is made again), then completion; returns
       * once the plugin handled order.placed, with the order as the admin reads it.
       */
      async function checkout(who: Shopper, { points = 0, items = SHIRT_AND_MUG } = {}) {
        const cart = await createCart(api, fixture, who.headers, { currency: "eur", items })
        await payCart(api, who.headers, cart.id)
        if (points) {
          await flows.applyPoints(who.headers, cart.id, points)
          await payCart(api, who.headers, cart.id)
        }
        const placed = await afterHandled(getContainer(), ["order.placed"], () => completePaidCart(api, who.headers, cart.id))
        return getOrder(api, admin, placed.id)
      }

      /** What the order's items were paid in money: after every discount, without tax. */
      const basisOf = (order: any) =>
        order.items.reduce((sum: number, item: any) => sum + Number(item.subtotal) - Number(item.discount_subtotal), 0)
      /** 300 fixed plus 10 % of the basis at 0.01 a point. */
      const referrerReward = (basis: number) => 300 + Math.floor((basis * 10) / 100 / 0.01 + 1e-9)
      const referralRows = async (customerId: string) =>
        (await flows.ledger(customerId)).filter((row: any) => row.type === "referral")
      const recorder = loyaltyEventRecorder(getContainer)
      const rewardEvents = async () => {
        await waitForQuiet(getContainer())
        return recorder.events.filter((event) => event.name === "loyalty.referral_rewarded")
      }

      it("lets the admin change parts of the referral program, refuses a bad part by name, and shows shoppers the promise only", async () => {
        const { data } = await flows.setProgram({ referrals: { referee_points: 250 } })
        expect(data.program.referrals).toMatchObject({ ...REFERRALS, referee_points: 250, review_default: "reject" })
        const bad = await flows.errorOf(flows.setProgram({ referrals: { min_order_amount: { euro: 30 } } }))
        expect(bad.status).toBe(400)
        expect(bad.message).toContain('referrals.min_order_amount: "euro" is not a currency code')
        expect((await api.get("/admin/loyalty/program", admin)).data.program.referrals.min_order_amount).toEqual({ eur: 30 })
        const { data: store } = await api.get("/store/loyalty/program", referrer.headers)
        expect(store.program.referrals).toEqual({
          enabled: true,
          referrer_points: 300,
          referrer_percent: 10,
          referee_points: 250,
          every_order_days: 0,
          min_order_amount: { eur: 30 },
          coupon: null,
        })
      })

      it("pays both sides for the friend's first order, paid partly with points after the payment session, pending with its points", async () => {
        const friend = await referredShopper()
        await flows.credit(friend.customer.id, 2000)
        const order = await checkout(friend, { points: 1000 })
        const basis = basisOf(order)
        // The points paid part of the items: the reward goes by what was paid in money.
        expect(basis).toBeLessThan(70)

        const [mine] = await referralRows(referrer.customer.id)
        const [theirs] = await referralRows(friend.customer.id)
        const [earned] = (await flows.ledger(friend.customer.id)).filter((row: any) => row.type === "earn")
        expect(mine).toMatchObject({ points: referrerReward(basis), status: "pending", order_id: order.id })
        expect(theirs).toMatchObject({ points: 200, status: "pending", order_id: order.id })
        // Spendable when the order's own points are: the return window.
        expect(new Date(mine.available_at).getTime()).toBeGreaterThanOrEqual(new Date(earned.available_at).getTime())
        expect(new Date(mine.available_at).getTime() - new Date(earned.available_at).getTime()).toBeLessThan(60_000)
        expect(await flows.account(referrer.customer.id)).toMatchObject({ pending: referrerReward(basis) })

        // Each shopper reads the other masked, and the referrer is not shown the friend's order.
        const { data: referrerHistory } = await api.get("/store/loyalty/account/transactions", referrer.headers)
        expect(referrerHistory.transactions[0]).toMatchObject({ type: "referral", description: "Reward for inviting S***", order_id: null, order: null })
        const { data: friendHistory } = await api.get("/store/loyalty/account/transactions?type=referral", friend.headers)
        expect(friendHistory.transactions[0]).toMatchObject({ description: "Reward for joining through S***", order: { id: order.id } })

        const { data: network } = await api.get("/store/loyalty/referrals", referrer.headers)
        expect(network.invitees[0]).toMatchObject({ orders: 1, points_pending: referrerReward(basis), points_earned: 0 })
        expect((await rewardEvents()).map((e) => [e.data.party, e.data.points]).sort()).toEqual([
          ["referee", 200],
          ["referrer", referrerReward(basis)],
        ])
      })

      it("pays once however often order.placed arrives, one after another or at once", async () => {
        const friend = await referredShopper()
        const order = await checkout(friend)
        await emitOnBus(getContainer(), "order.placed", { id: order.id }, 3, "concurrent")
        await emitOnBus(getContainer(), "order.placed", { id: order.id }, 2, "serial")
        expect(await referralRows(referrer.customer.id)).toHaveLength(1)
        expect(await referralRows(friend.customer.id)).toHaveLength(1)
        expect(await rewardEvents()).toHaveLength(2)
      })

      it("pays the first order only, and none below the minimum paid in money", async () => {
        const small = await referredShopper()
        await flows.credit(small.customer.id, 5000)
        // One mug (20 EUR) is under the 30 EUR minimum.
        await checkout(small, { items: [{ variant: "mug", quantity: 1 }] })
        expect(await referralRows(referrer.customer.id)).toHaveLength(0)
        expect(await referralRows(small.customer.id)).toHaveLength(0)
        // Its second order reaches the minimum, but it is not the first.
        await checkout(small)
        expect(await referralRows(referrer.customer.id)).toHaveLength(0)

        // A shirt and a mug (70) with 5000 points (50 EUR) off leaves under 30 paid in money.
        await flows.setProgram({ max_redeem_percent: 100 })
        const paidInPoints = await referredShopper()
        await flows.credit(paidInPoints.customer.id, 5000)
        const order = await checkout(paidInPoints, { points: 5000 })
        expect(basisOf(order)).toBeLessThan(30)
        expect(await referralRows(referrer.customer.id)).toHaveLength(0)
      })

      it("pays the referrer on every order in the every_order_days window, and the friend once", async () => {
        await flows.setProgram({ referrals: { every_order_days: 30 } })
        const friend = await referredShopper()
        const first = await checkout(friend)
        const second = await checkout(friend)
        expect((await referralRows(referrer.customer.id)).map((row: any) => row.order_id).sort()).toEqual([first.id, second.id].sort())
        expect(await referralRows(friend.customer.id)).toHaveLength(1)
      })

      it("takes both rewards back when the friend's order is canceled", async () => {
        const friend = await referredShopper()
        const order = await checkout(friend)
        await afterHandled(getContainer(), ["order.canceled"], () => cancelOrder(api, admin, order.id))
        await emitOnBus(getContainer(), "order.canceled", { id: order.id }, 2, "concurrent")
        expect((await referralRows(referrer.customer.id)).map((row: any) => row.status)).toEqual(["void"])
        expect((await referralRows(friend.customer.id)).map((row: any) => row.status)).toEqual(["void"])
        expect(await flows.account(referrer.customer.id)).toMatchObject({ pending: 0, balance: 0 })
        const { data: network } = await api.get("/store/loyalty/referrals", referrer.headers)
        expect(network.totals).toMatchObject({ points_pending: 0, points_earned: 0 })
        // Each party hears of their reward taken back once, however often the cancel arrived.
        await waitForQuiet(getContainer())
        const [reward] = (await referralRows(referrer.customer.id))
        const reversedOf = (customerId: string) =>
          recorder.events.filter((event) => event.name === "loyalty.points_reversed" && (event.data as any).customer_id === customerId)
        expect(reversedOf(referrer.customer.id).map((event) => event.data)).toEqual([
          expect.objectContaining({ order_id: order.id, points: reward.points, reference: reward.id }),
        ])
        expect(reversedOf(friend.customer.id).map((event) => (event.data as any).points)).toContain(200)
      })

      it("shrinks the referrer's percent with a return received in two parts, then takes all back below the minimum", async () => {
        const friend = await referredShopper()
        const order = await checkout(friend, { items: [{ variant: "shirt", quantity: 2 }, { variant: "mug", quantity: 1 }] })
        const full = referrerReward(basisOf(order))
        const mug = flows.itemOf(order, "mug")
        const shirt = flows.itemOf(order, "shirt")
        await afterHandled(getContainer(), ["order.return_received"], () =>
          returnItems(api, admin, order.id, [{ item_id: mug.id, quantity: 1 }])
        )
        await waitForQuiet(getContainer())
        const afterMug = referrerReward(basisOf(await getOrder(api, admin, order.id)))
        expect(afterMug).toBeLessThan(full)
        expect(await flows.account(referrer.customer.id)).toMatchObject({ pending: afterMug })
        // The friend's fixed reward stays while the order still reaches the minimum.
        expect(await flows.account(friend.customer.id)).toMatchObject({ pending: expect.any(Number) })
        expect((await referralRows(friend.customer.id))[0].status).toBe("pending")

        await afterHandled(getContainer(), ["order.return_received"], () =>
          returnItems(api, admin, order.id, [{ item_id: shirt.id, quantity: 1 }])
        )
        await waitForQuiet(getContainer())
        const afterOneShirt = referrerReward(basisOf(await getOrder(api, admin, order.id)))
        expect(await flows.account(referrer.customer.id)).toMatchObject({ pending: afterOneShirt })

        await afterHandled(getContainer(), ["order.return_received"], () =>
          returnItems(api, admin, order.id, [{ item_id: shirt.id, quantity: 1 }])
        )
        await waitForQuiet(getContainer())
        expect(await flows.account(referrer.customer.id)).toMatchObject({ pending: 0 })
        expect((await referralRows(friend.customer.id))[0].status).toBe("void")
      })

      it("holds a referrer to the monthly cap when two friends' first orders complete at once", async () => {
        await flows.setProgram({ referrals: { monthly_cap: 1 } })
        const ann = await referredShopper()
        const bob = await referredShopper()
        const carts: { friend: Shopper; cart: any }[] = []
        for (const friend of [ann, bob]) {
          const cart = await createCart(api, fixture, friend.headers, { currency: "eur", items: SHIRT_AND_MUG })
          await payCart(api, friend.headers, cart.id)
          carts.push({ friend, cart })
        }
        await Promise.all(carts.map(({ friend, cart }) => completePaidCart(api, friend.headers, cart.id)))
        await waitForQuiet(getContainer())
        expect(await referralRows(referrer.customer.id)).toHaveLength(1)
        // Each friend still gets their own reward.
        expect(await referralRows(ann.customer.id)).toHaveLength(1)
        expect(await referralRows(bob.customer.id)).toHaveLength(1)
      })

      it("pays a referral that waited for review once an admin approves it, once however often the approval comes", async () => {
        const friend = await referredShopper()
        const [referral] = await loyalty.listLoyaltyReferrals({})
        await loyalty.flagReferral(referral.id, "large_order")
        const order = await checkout(friend)
        expect(await referralRows(referrer.customer.id)).toHaveLength(0)

        const approve = () => api.post(`/admin/loyalty/referrals/${referral.id}/approve`, { reason: "checked" }, admin)
        await Promise.all([approve(), approve()])
        await approve()
        await waitForQuiet(getContainer())
        expect(await referralRows(referrer.customer.id)).toEqual([expect.objectContaining({ order_id: order.id, status: "pending" })])
        expect(await referralRows(friend.customer.id)).toHaveLength(1)
        expect(await rewardEvents()).toHaveLength(2)
      })

      it("puts a friend's order far above the store's average on review (once it knows an average), and pays it once approved", async () => {
        await flows.setProgram({ referrals: { flag_order_over_average: 3 } })
        // The store's history: nine 10 EUR orders, too few to judge by.
        const orders = getContainer().resolve(Modules.ORDER)
        for (let i = 0; i < 9; i++) {
          await orders.createOrders({ currency_code: "eur", email: `history${i}@shop.test`, items: [{ title: "Mug", quantity: 1, unit_price: 10 }] } as any)
        }
        const first = await referredShopper()
        await checkout(first)
        expect(await referralRows(first.customer.id)).toHaveLength(1)

        // Ten orders now, averaging 17.40 EUR: an 84 EUR order is more than three times that.
        const friend = await referredShopper()
        const order = await checkout(friend)
        expect(await referralRows(friend.customer.id)).toHaveLength(0)
        const [referral] = await loyalty.listLoyaltyReferrals({ referee_account_id: (await loyalty.listLoyaltyAccounts({ customer_id: friend.customer.id }))[0].id })
        expect(referral).toMatchObject({ status: "flagged", flag_reason: "large_order" })
        await waitForQuiet(getContainer())
        expect(recorder.events.filter((event) => event.name === "loyalty.referral_flagged")).toHaveLength(1)
        // order.placed again changes nothing while it waits.
        await emitOnBus(getContainer(), "order.placed", { id: order.id }, 2, "serial")
        await waitForQuiet(getContainer())
        expect(await referralRows(friend.customer.id)).toHaveLength(0)

        await api.post(`/admin/loyalty/referrals/${referral.id}/approve`, { reason: "a real customer" }, admin)
        await waitForQuiet(getContainer())
        expect(await referralRows(friend.customer.id)).toEqual([expect.objectContaining({ order_id: order.id, points: 200 })])
        expect((await referralRows(referrer.customer.id)).filter((row: any) => row.order_id === order.id)).toHaveLength(1)
      })
    })
  },
})
