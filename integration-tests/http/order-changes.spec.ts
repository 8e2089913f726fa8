import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { createShopper } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"
import { createLoyaltyStore } from "../helpers/loyalty-store"
import { afterHandled, deliver, loyaltyEventRecorder } from "../helpers/loyalty-events"
import { waitForQuiet, watchEventBus } from "../helpers/quiet"
import {
  claimItems,
  completeCart,
  createCart,
  editOrder,
  exchangeItems,
  getOrder,
  receiveReturn,
  refundOwed,
  refundPayment,
  returnItems,
  type StoreFixture,
} from "../helpers/store-fixture"

jest.setTimeout(300_000)

/**
 * Every order here: two shirts (50) and a mug (20) in the eur region (20 % tax on top), paid
 * partly with 1000 points (10.00 off, tax included, spread by Medusa over the lines: 8.33 on
 * the shirts, 1.67 on the mug). Items after discounts, excluding tax:
 * 100 − 6.94 + 20 − 1.39 = 111.67 → 5 % = 5.58 → 558 points, pending.
 */
const TWO_SHIRTS_AND_MUG = [
  { variant: "shirt" as const, quantity: 2 },
  { variant: "mug" as const, quantity: 1 },
]

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("order edits, claims and exchanges settle an order paid partly with points", () => {
      let admin: { headers: Record<string, string> }
      let fixture: StoreFixture
      let shopper: Awaited<ReturnType<typeof createShopper>>
      let loyalty: LoyaltyModuleService
      const recorder = loyaltyEventRecorder(getContainer)

      beforeEach(async () => {
        watchEventBus(getContainer())
        ;({ admin, fixture, shopper, loyalty } = await createLoyaltyStore(getContainer(), api))
        await loyalty.adjust({
          customer_id: shopper.customer.id,
          points: 5000,
          reason: "Starting balance",
          idempotency_key: `test:start:${shopper.customer.id}`,
        })
      })

      afterEach(async () => {
        recorder.stop()
        await expectLedgerInvariants(getContainer())
      })

      /** afterHandled and quiet (the counts below are of everything it brought), then the ledger's invariants. */
      async function handled<T>(eventNames: string[], action: () => Promise<T>): Promise<T> {
        const result = await afterHandled(getContainer(), eventNames, action)
        await waitForQuiet(getContainer())
        await expectLedgerInvariants(getContainer())
        return result
      }

      /** The event again, twice at once and once more after: nothing more may happen. */
      async function redeliver(name: string, data: unknown) {
        const before = await ledger()
        const events = recorder.events.length
        await deliver(getContainer(), name, data, 2, "concurrent")
        await deliver(getContainer(), name, data, 1, "serial")
        await waitForQuiet(getContainer())
        await expectLedgerInvariants(getContainer())
        expect(await ledger()).toEqual(before)
        expect(recorder.events).toHaveLength(events)
      }

      const account = async () => (await api.get(`/admin/customers/${shopper.customer.id}/loyalty`, admin)).data.account
      const orderPoints = async (orderId: string) => (await api.get(`/admin/orders/${orderId}/loyalty`, admin)).data

      /** The shopper's ledger rows and figures, comparable between two moments. */
      async function ledger() {
        const [row] = await loyalty.listLoyaltyAccounts({ customer_id: shopper.customer.id })
        const transactions = await loyalty.listLoyaltyTransactions({ account_id: row.id })
        return {
          account: { balance: row.balance, pending: row.pending, lifetime_earned: row.lifetime_earned, lifetime_spent: row.lifetime_spent },
          transactions: transactions
            .map((t: any) => ({ type: t.type, points: t.points, status: t.status, remaining: t.remaining, key: t.idempotency_key }))
            .sort((a, b) => a.key.localeCompare(b.key)),
        }
      }

      const itemOf = (order: any, variant: "shirt" | "mug") =>
        order.items.find((item: any) => item.variant_id === fixture.products[variant].variantId)
      const pointsDiscountOn = (item: any) =>
        (item.adjustments ?? []).reduce((sum: number, adjustment: any) => sum + Number(adjustment.amount), 0)

      /** Places the order, with 1000 points applied before payment, and waits for order.placed. */
      async function placeWithPoints() {
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: TWO_SHIRTS_AND_MUG })
        await api.post(`/store/carts/${cart.id}/loyalty-points`, { points: 1000 }, shopper.headers)
        const placed = await handled(["order.placed"], () => completeCart(api, shopper.headers, cart.id))
        const order = await getOrder(api, admin, placed.id)
        expect(order.total).toBeCloseTo(146, 6)
        expect(await account()).toMatchObject({ balance: 4000, pending: 558, reserved: 0, lifetime_spent: 1000 })
        recorder.start()
        return order
      }

      const pointsEvents = () => recorder.events.map((event) => [event.name, event.data.points])

      describe("an order edit", () => {
        it("that lowers a quantity keeps the points discount on the units left and earns on what is left", async () => {
          const order = await placeWithPoints()
          const shirt = itemOf(order, "shirt")
          const edit = await handled(["order-edit.confirmed"], () =>
            editOrder(api, admin, order.id, { update: [{ item_id: shirt.id, quantity: 1 }], carryOverPromotions: true })
          )
          // Medusa refuses to carry promotions over on an order with the points promotion (a fixed
          // discount spread across the order): the edit goes on with the adjustments it had.
          expect(edit.carry_over_error).toMatchObject({
            status: 400,
            message: expect.stringMatching(/invalid allocation\. Fixed promotions must have EACH allocation/),
          })
          // The whole 8.33 stays on the shirt left, so the shopper gets its full price back (60)
          // and the points discount survives the edit: no points come back.
          expect(pointsDiscountOn(itemOf(edit.order, "shirt"))).toBeCloseTo(25 / 3, 6)
          expect(edit.order.total).toBeCloseTo(86, 6)
          expect(edit.order.summary.pending_difference).toBeCloseTo(-60, 6)
          // 50 − 6.94 + 20 − 1.39 = 61.67 → 308 points: 250 reversed.
          expect(await account()).toMatchObject({ balance: 4000, pending: 308, lifetime_spent: 1000 })
          expect(pointsEvents()).toEqual([["loyalty.points_reversed", 250]])
          expect(await orderPoints(order.id)).toMatchObject({ earned: 558, spent: 1000, reversed: 250, restored: 0 })

          await redeliver("order-edit.confirmed", { order_id: order.id, actions: [{ order_change_id: edit.order_change_id }] })

          // The merchant refunds what the edit took off: nothing more to settle.
          await handled(["payment.refunded"], () => refundOwed(api, admin, order.id))
          expect(await account()).toMatchObject({ balance: 4000, pending: 308, lifetime_spent: 1000 })
          expect(recorder.events).toHaveLength(1)
        })

        it("that takes a line out gives back the points spent on it", async () => {
          const order = await placeWithPoints()
          const edit = await handled(["order-edit.confirmed"], () =>
            editOrder(api, admin, order.id, { update: [{ item_id: itemOf(order, "mug").id, quantity: 0 }] })
          )
          // The mug and its 1.67 of points discount are gone from the order; the shopper gets
          // back only what they paid for it (22.33).
          expect(itemOf(edit.order, "mug")).toBeUndefined()
          expect(edit.order.summary.pending_difference).toBeCloseTo(-(24 - 5 / 3), 6)
          // Shirts 100 − 6.94 = 93.06 → 465 points (93 reversed); 1.67 of 10.00 → 166 points back.
          expect(await account()).toMatchObject({ balance: 4166, pending: 465, lifetime_spent: 834 })
          expect(pointsEvents()).toEqual([
            ["loyalty.points_reversed", 93],
            ["loyalty.points_restored", 166],
          ])

          await redeliver("order-edit.confirmed", { order_id: order.id, actions: [{ order_change_id: edit.order_change_id }] })
          await handled(["payment.refunded"], () => refundOwed(api, admin, order.id))
          expect(await account()).toMatchObject({ balance: 4166, pending: 465, lifetime_spent: 834 })
          expect(recorder.events).toHaveLength(2)
        })

        it("that adds an item earns on it as a further lot, which a return of that item takes back first", async () => {
          const order = await placeWithPoints()
          const edit = await handled(["order-edit.confirmed"], () =>
            editOrder(api, admin, order.id, { add: [{ variant_id: fixture.products.mug.variantId, quantity: 1 }] })
          )
          const added = edit.order.items.find((item: any) => !order.items.some((placed: any) => placed.id === item.id))
          // The new mug carries no points discount; the old lines keep theirs (10.00).
          expect(pointsDiscountOn(added)).toBe(0)
          expect(edit.order.items.reduce((sum: number, item: any) => sum + pointsDiscountOn(item), 0)).toBeCloseTo(10, 6)
          // 111.67 + 20 = 131.67 → 658 points: 100 more, pending like the order's own.
          expect(await account()).toMatchObject({ balance: 4000, pending: 658, lifetime_earned: 5658, lifetime_spent: 1000 })
          expect(pointsEvents()).toEqual([["loyalty.points_earned", 100]])
          const lots = (await orderPoints(order.id)).transactions.filter((t: any) => t.type === "earn")
          expect(lots.map((t: any) => [t.points, t.status])).toEqual([
            [558, "pending"],
            [100, "pending"],
          ])

          await redeliver("order-edit.confirmed", { order_id: order.id, actions: [{ order_change_id: edit.order_change_id }] })

          // The added mug goes back: the order earns 558 again, the 100 taken from the newest lot.
          await handled(["order.return_received"], () => returnItems(api, admin, order.id, [{ item_id: added.id, quantity: 1 }]))
          expect(await account()).toMatchObject({ balance: 4000, pending: 558, lifetime_earned: 5558, lifetime_spent: 1000 })
          expect(pointsEvents()).toEqual([
            ["loyalty.points_earned", 100],
            ["loyalty.points_reversed", 100],
          ])
          const after = (await orderPoints(order.id)).transactions.filter((t: any) => t.type === "earn")
          expect(after.map((t: any) => [t.points, t.status, t.remaining])).toEqual([
            [558, "pending", 558],
            [100, "void", 0],
          ])
        })
      })

      describe("a claim", () => {
        it("that refunds written-off items reverses their points and gives back the points spent on them", async () => {
          const order = await placeWithPoints()
          const claim = await handled(["order.claim_created"], () =>
            claimItems(api, admin, order.id, { type: "refund", writeOff: [{ item_id: itemOf(order, "mug").id, quantity: 1 }] })
          )
          // Medusa marks the mug written off and moves no money: its totals still count it.
          expect(itemOf(claim.order, "mug").detail.written_off_quantity).toBe(1)
          expect(claim.order.total).toBeCloseTo(146, 6)
          // Shirts 93.06 → 465 points (93 reversed); the mug's 1.67 of points discount → 166 back.
          expect(await account()).toMatchObject({ balance: 4166, pending: 465, lifetime_spent: 834 })
          expect(pointsEvents()).toEqual([
            ["loyalty.points_reversed", 93],
            ["loyalty.points_restored", 166],
          ])

          await redeliver("order.claim_created", { order_id: order.id, claim_id: claim.claim_id })

          // The merchant refunds the mug (22.33): that refund pays for the written-off mug, so it
          // takes nothing more from the shirts.
          await handled(["payment.refunded"], () => refundPayment(api, admin, order.id, 22.33))
          expect(await account()).toMatchObject({ balance: 4166, pending: 465, lifetime_spent: 834 })
          expect(recorder.events).toHaveLength(2)
        })

        it("that replaces a written-off item keeps the order's points, and the replacement earns what it is sold for", async () => {
          const order = await placeWithPoints()
          const claim = await handled(["order.claim_created"], () =>
            claimItems(api, admin, order.id, {
              type: "replace",
              writeOff: [{ item_id: itemOf(order, "mug").id, quantity: 1 }],
              outbound: [{ variant_id: fixture.products.mug.variantId, quantity: 1, unit_price: 10 }],
            })
          )
          expect(claim.order.items).toHaveLength(3)
          // The shopper keeps the mug they paid for (its points and the points spent on it stay);
          // the replacement, sold at 10, earns 111.67 + 10 = 121.67 → 608 points: 50 more.
          expect(await account()).toMatchObject({ balance: 4000, pending: 608, lifetime_spent: 1000 })
          expect(pointsEvents()).toEqual([["loyalty.points_earned", 50]])
          await redeliver("order.claim_created", { order_id: order.id, claim_id: claim.claim_id })
        })
      })

      describe("an exchange", () => {
        it("earns on the items sent out, then settles the items that come back when they are received", async () => {
          const order = await placeWithPoints()
          const mug = itemOf(order, "mug")
          const exchange = await handled(["order.exchange_created"], () =>
            exchangeItems(api, admin, order.id, {
              inbound: [{ item_id: mug.id, quantity: 1 }],
              outbound: [{ variant_id: fixture.products.shirt.variantId, quantity: 1 }],
            })
          )
          // A third shirt at 50, no points discount on it; the mug is only requested back.
          expect(exchange.order.items).toHaveLength(3)
          // 111.67 + 50 = 161.67 → 808 points: 250 more.
          expect(await account()).toMatchObject({ balance: 4000, pending: 808, lifetime_spent: 1000 })
          expect(pointsEvents()).toEqual([["loyalty.points_earned", 250]])
          await redeliver("order.exchange_created", { order_id: order.id, exchange_id: exchange.exchange_id })

          // The mug comes back: 161.67 − 18.61 = 143.06 → 715 points (93 reversed, from the
          // exchange's lot), and its 1.67 of points discount → 166 points back.
          await handled(["order.return_received"], () =>
            receiveReturn(api, admin, order.id, exchange.return_id, [{ item_id: mug.id, quantity: 1 }])
          )
          expect(await account()).toMatchObject({ balance: 4166, pending: 715, lifetime_spent: 834 })
          expect(pointsEvents()).toEqual([
            ["loyalty.points_earned", 250],
            ["loyalty.points_reversed", 93],
            ["loyalty.points_restored", 166],
          ])
          const lots = (await orderPoints(order.id)).transactions.filter((t: any) => t.type === "earn")
          expect(lots.map((t: any) => [t.points, t.remaining])).toEqual([
            [558, 558],
            [250, 157],
          ])
          await redeliver("order.return_received", { order_id: order.id, return_id: exchange.return_id })
          await redeliver("order.exchange_created", { order_id: order.id, exchange_id: exchange.exchange_id })
        })
      })
    })
  },
})
