import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { createAdmin, createShopper } from "../helpers/auth"
import {
  cancelOrder,
  capturePayment,
  createStoreFixture,
  placeGuestOrder,
  placeOrder,
  refundPayment,
  returnItems,
  type StoreFixture,
} from "../helpers/store-fixture"

jest.setTimeout(180_000)

// Events named like `order.placed` (not model events like `order.order-item.created`).
const WORKFLOW_EVENT = /^(order|payment)\.[a-z_]+$/

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("order flows through the store and admin APIs", () => {
      let admin: { headers: Record<string, string> }
      let fixture: StoreFixture
      let shopper: Awaited<ReturnType<typeof createShopper>>
      let events: { name: string; data: any }[]
      const record = (event: any) => {
        if (WORKFLOW_EVENT.test(event.name)) events.push({ name: event.name, data: event.data })
      }
      // The local event bus repeats every event on "*"; the order-event docs in store-fixture.ts rely on this.
      const emitter = () => (getContainer().resolve(Modules.EVENT_BUS) as any).eventEmitter_

      beforeEach(async () => {
        const container = getContainer()
        admin = { headers: (await createAdmin(container)).headers }
        fixture = await createStoreFixture(container, api, admin)
        shopper = await createShopper(container, fixture.publishableKey)
        events = []
        emitter().on("*", record)
      })

      afterEach(() => {
        emitter().off("*", record)
      })

      const shirtAndMug = [
        { variant: "shirt" as const, quantity: 1 },
        { variant: "mug" as const, quantity: 1 },
      ]

      it("places a shopper's eur order with 20 % tax added to the prices", async () => {
        const order = await placeOrder(api, fixture, shopper.headers, {
          currency: "eur",
          items: [
            { variant: "shirt", quantity: 1 },
            { variant: "mug", quantity: 2 },
          ],
        })
        expect(order).toMatchObject({
          customer_id: shopper.customer.id,
          currency_code: "eur",
          status: "pending",
          item_subtotal: 90,
          item_tax_total: 18,
          item_total: 108,
          shipping_subtotal: 10,
          shipping_tax_total: 2,
          shipping_total: 12,
          tax_total: 20,
          total: 120,
        })
        expect(order.cart_id).toMatch(/^cart_/)
        expect(order.payment_collections[0].payments[0]).toMatchObject({ amount: 120, captured_at: null })
        expect(events).toEqual([{ name: "order.placed", data: { id: order.id } }])
      })

      it("places a shopper's usd order whose prices include 10 % tax", async () => {
        const order = await placeOrder(api, fixture, shopper.headers, { currency: "usd", items: shirtAndMug })
        expect(order).toMatchObject({ currency_code: "usd", item_total: 70, shipping_total: 10, total: 80 })
        expect(order.item_subtotal).toBeCloseTo(70 / 1.1, 6)
        expect(order.item_tax_total).toBeCloseTo(70 - 70 / 1.1, 6)
        expect(order.shipping_tax_total).toBeCloseTo(10 - 10 / 1.1, 6)
      })

      it.each([
        // currency, item_total, item_tax_total, items after discount excl. tax, discount_subtotal
        ["eur", 75.6, 12.6, 63, 7],
        ["usd", 63, 63 - 63 / 1.1, 63 / 1.1, 70 / 1.1 / 10],
      ] as const)(
        "applies a promotion code to a %s order, and item_total − item_tax_total is what the items cost after it, excluding tax",
        async (currency, itemTotal, itemTax, eligible, discountSubtotal) => {
          await api.post(
            "/admin/promotions",
            {
              code: "TENOFF",
              type: "standard",
              status: "active",
              application_method: { type: "percentage", value: 10, target_type: "order", allocation: "across" },
            },
            admin
          )
          const order = await placeOrder(api, fixture, shopper.headers, {
            currency,
            items: shirtAndMug,
            promoCodes: ["TENOFF"],
          })
          expect(order.item_total).toBeCloseTo(itemTotal, 6)
          expect(order.item_tax_total).toBeCloseTo(itemTax, 6)
          expect(order.item_total - order.item_tax_total).toBeCloseTo(eligible, 6)
          expect(order.item_subtotal - order.discount_subtotal).toBeCloseTo(eligible, 6)
          expect(order.discount_subtotal).toBeCloseTo(discountSubtotal, 6)
        }
      )

      it("places a guest's order under the email given at checkout", async () => {
        const order = await placeGuestOrder(api, fixture, {
          currency: "eur",
          items: [{ variant: "mug", quantity: 1 }],
          email: "guest@test.dev",
        })
        expect(order).toMatchObject({ email: "guest@test.dev", item_total: 24, total: 36 })
        expect(order.customer_id).not.toBe(shopper.customer.id)
      })

      it("cancels an order and emits order.canceled", async () => {
        const placed = await placeOrder(api, fixture, shopper.headers, { currency: "eur", items: shirtAndMug })
        events = []
        const order = await cancelOrder(api, admin, placed.id)
        expect(order.status).toBe("canceled")
        expect(events).toEqual([{ name: "order.canceled", data: { id: placed.id } }])
      })

      it("cancels a captured order by refunding it in full, without a payment.refunded event", async () => {
        const placed = await placeOrder(api, fixture, shopper.headers, { currency: "eur", items: shirtAndMug })
        await capturePayment(api, admin, placed.id)
        events = []
        const order = await cancelOrder(api, admin, placed.id)
        expect(order).toMatchObject({ status: "canceled", total: 0, credit_line_total: 96 })
        expect(order.summary).toMatchObject({ paid_total: 96, refunded_total: 96 })
        expect(events.map((e) => e.name)).toEqual(["order.canceled"])
      })

      it("receives a return of one of two items and refunds what it cost", async () => {
        const placed = await placeOrder(api, fixture, shopper.headers, { currency: "eur", items: shirtAndMug })
        const mug = placed.items.find((item: any) => item.variant_id === fixture.products.mug.variantId)
        events = []
        const { return_id, refunded_amount, order } = await returnItems(api, admin, placed.id, [
          { item_id: mug.id, quantity: 1 },
        ])
        expect(refunded_amount).toBe(24)
        expect(order.items.find((item: any) => item.id === mug.id).detail.return_received_quantity).toBe(1)
        // The order's item totals now count only the shirt that was kept.
        expect(order).toMatchObject({ item_subtotal: 50, item_tax_total: 10, item_total: 60, total: 72 })
        expect(order.summary).toMatchObject({ paid_total: 96, refunded_total: 24, pending_difference: 0 })

        const payment = order.payment_collections[0].payments[0]
        expect(events.map((e) => e.name)).toEqual([
          "payment.captured",
          "order.fulfillment_created",
          "order.return_requested",
          "order.return_received",
          "payment.refunded",
        ])
        expect(events.find((e) => e.name === "order.return_received")!.data).toEqual({
          order_id: placed.id,
          return_id,
        })
        expect(events.find((e) => e.name === "payment.refunded")!.data).toEqual({ id: payment.id })
      })

      it("refunds part of a payment without a return as a credit line on the order", async () => {
        const placed = await placeOrder(api, fixture, shopper.headers, { currency: "eur", items: shirtAndMug })
        events = []
        const order = await refundPayment(api, admin, placed.id, 15)
        const payment = order.payment_collections[0].payments[0]
        expect(payment.refunds.map((refund: any) => refund.amount)).toEqual([15])
        expect(order.payment_collections[0]).toMatchObject({ captured_amount: 96, refunded_amount: 15 })
        expect(order.summary).toMatchObject({ paid_total: 96, refunded_total: 15 })
        // Items keep their totals; the refund lowers the order total through a credit line.
        expect(order).toMatchObject({ item_total: 84, credit_line_total: 15, total: 81 })
        expect(events).toEqual([
          { name: "payment.captured", data: { id: payment.id } },
          { name: "payment.refunded", data: { id: payment.id } },
        ])
      })
    })
  },
})
