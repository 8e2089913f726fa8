import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { createShopper } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"
import { injectWriteFault, ledgerInsertFault, tierChangeFault, withEventRefused, type WriteFault } from "../helpers/write-fault"
import { createLoyaltyStore } from "../helpers/loyalty-store"
import { afterHandled, deliver, loyaltyEventRecorder } from "../helpers/loyalty-events"
import { completeCart, createCart, getOrder, returnItems, SHIRT_AND_MUG, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(300_000)

/**
 * Exactly once under failure: the database refuses one of the plugin's writes in the middle of
 * an order's workflow (every write before it committed), the workflow fails, the fault goes
 * away, the event is delivered again, and the shopper's ledger, figures, tier and announced
 * events must then be row for row what one clean delivery gives a second shopper doing the same.
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("a failure after a ledger write, then redelivery", () => {
      let admin: { headers: Record<string, string> }
      let fixture: StoreFixture
      let loyalty: LoyaltyModuleService
      const recorder = loyaltyEventRecorder(getContainer)

      beforeEach(async () => {
        ;({ admin, fixture, loyalty } = await createLoyaltyStore(getContainer(), api))
        // Every kind of row an order writes: its points, its bonus, an achievement, a tier.
        await api.post(
          "/admin/loyalty/program",
          { order_bonus: { points: 40 }, achievements: [{ currency_code: "eur", spend: 50, points: 60 }] },
          admin
        )
        await api.post("/admin/loyalty/tiers", { name: "Silver", min_points: 100, multiplier: 1 }, admin)
        recorder.start()
      })

      afterEach(async () => {
        recorder.stop()
        await expectLedgerInvariants(getContainer())
      })

      async function newShopper() {
        const shopper = await createShopper(getContainer(), fixture.publishableKey)
        await api.post(`/admin/customers/${shopper.customer.id}/loyalty/adjustments`, { points: 1000, reason: "Start" }, admin)
        return shopper
      }

      /** A shopper's order, paid partly with 500 points, placed through the store API. */
      async function placeWithPoints(shopper: Awaited<ReturnType<typeof newShopper>>) {
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        await api.post(`/store/carts/${cart.id}/loyalty-points`, { points: 500 }, shopper.headers)
        // The bus logs a subscriber's failure and goes on, so this returns with a fault in place too.
        const placed = await afterHandled(getContainer(), ["order.placed"], () => completeCart(api, shopper.headers, cart.id))
        return getOrder(api, admin, placed.id)
      }

      const returnAll = (order: any) =>
        afterHandled(getContainer(), ["order.return_received", "payment.refunded"], () =>
          returnItems(api, admin, order.id, order.items.map((item: any) => ({ item_id: item.id, quantity: item.quantity })))
        )

      /** Everything a delivery decides for a shopper, with ids made comparable between two shoppers. */
      async function standing(customerId: string) {
        const [account] = await loyalty.listLoyaltyAccounts({ customer_id: customerId })
        const [tier] = account.tier_id ? await loyalty.listLoyaltyTiers({ id: account.tier_id }) : []
        const rows = await loyalty.listLoyaltyTransactions({ account_id: account.id })
        const anon = (value: string | null) =>
          value ? value.replace(/_[0-9A-Z]{26}/g, "_*").replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/g, "*") : value
        return {
          figures: {
            balance: account.balance,
            pending: account.pending,
            reserved: account.reserved,
            lifetime_earned: account.lifetime_earned,
            lifetime_spent: account.lifetime_spent,
            tier: tier?.name ?? null,
          },
          rows: rows
            .map((row: any) => ({
              type: row.type,
              points: row.points,
              status: row.status,
              remaining: row.remaining,
              unsettled: row.unsettled,
              key: anon(row.idempotency_key),
              reference: anon(row.reference),
              expires: Boolean(row.expires_at),
            }))
            .sort((a, b) => `${a.key} ${a.type}`.localeCompare(`${b.key} ${b.type}`)),
          events: recorder.events
            .filter((event) => event.data?.account_id === account.id)
            .map((event) => `${event.name} ${event.data.points ?? ""}`)
            .sort(),
        }
      }

      async function withFault<T>(fault: WriteFault, action: () => Promise<T>) {
        const remove = await injectWriteFault(getContainer(), fault)
        try {
          return await action()
        } finally {
          await remove()
        }
      }

      // Each fault fails the step after the last write named, so every write before it is committed.
      const placementFaults: [string, WriteFault][] = [
        ["the redeem row (earning fails)", ledgerInsertFault("earn:%")],
        ["the earn row (the order bonus fails)", ledgerInsertFault("order-bonus:%")],
        ["the order bonus (the achievement fails)", ledgerInsertFault("achievement:%")],
        ["the achievement (the tier fails)", tierChangeFault],
      ]

      it.each(placementFaults)("placing an order: a failure after %s is finished by redelivering order.placed", async (_, fault) => {
        const clean = await newShopper()
        await placeWithPoints(clean)
        const expected = await standing(clean.customer.id)
        expect(expected.rows.map((row) => row.type).sort()).toEqual(["adjust", "bonus", "bonus", "earn", "redeem"])
        expect(expected.figures.tier).toBe("Silver")

        const faulty = await newShopper()
        const order = await withFault(fault, () => placeWithPoints(faulty))
        // The fault stopped the delivery partway.
        expect(await standing(faulty.customer.id)).not.toEqual(expected)

        await deliver(getContainer(), "order.placed", { id: order.id }, 1, "serial")
        expect(await standing(faulty.customer.id)).toEqual(expected)
        // Later deliveries change nothing.
        await deliver(getContainer(), "order.placed", { id: order.id }, 2, "concurrent")
        expect(await standing(faulty.customer.id)).toEqual(expected)
      })

      const settlementFaults: [string, WriteFault][] = [
        ["the reversal (the restore fails)", ledgerInsertFault("restore:%")],
        ["the restore (taking back the order bonus fails)", ledgerInsertFault("reverse:order-bonus:%")],
        ["the bonus reversal (taking back the achievement fails)", ledgerInsertFault("%achievement:%")],
        ["the achievement reversal (the tier fails)", tierChangeFault],
      ]

      it.each(settlementFaults)("a full return: a failure after %s is finished by redelivering order.return_received", async (_, fault) => {
        const clean = await newShopper()
        await returnAll(await placeWithPoints(clean))
        const expected = await standing(clean.customer.id)
        expect(expected.rows.map((row) => row.type).sort()).toEqual(
          ["adjust", "bonus", "bonus", "earn", "redeem", "restore", "reversal", "reversal", "reversal"].sort()
        )
        expect(expected.figures).toMatchObject({ balance: 1000, pending: 0, tier: null })

        const faulty = await newShopper()
        const order = await placeWithPoints(faulty)
        const { return_id } = await withFault(fault, () => returnAll(order))
        expect(await standing(faulty.customer.id)).not.toEqual(expected)

        await deliver(getContainer(), "order.return_received", { order_id: order.id, return_id }, 1, "serial")
        expect(await standing(faulty.customer.id)).toEqual(expected)
        await deliver(getContainer(), "order.return_received", { order_id: order.id, return_id }, 2, "concurrent")
        expect(await standing(faulty.customer.id)).toEqual(expected)
      })

      it("applying points: when Medusa cannot write the discount after the hold, the hold goes back and a retry applies once", async () => {
        const placeAfterRetry = async (shopper: Awaited<ReturnType<typeof newShopper>>, fault: WriteFault | null) => {
          const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
          if (fault) {
            const refused: any = await withFault(fault, () =>
              api.post(`/store/carts/${cart.id}/loyalty-points`, { points: 500 }, shopper.headers).catch((e) => e.response)
            )
            expect(refused.status).toBeGreaterThanOrEqual(400)
            const { data } = await api.get(`/admin/customers/${shopper.customer.id}/loyalty`, admin)
            expect(data.account).toMatchObject({ balance: 1000, reserved: 0 })
            const { data: points } = await api.get(`/store/carts/${cart.id}/loyalty-points`, shopper.headers)
            expect(points).toMatchObject({ applied_points: 0 })
          }
          await api.post(`/store/carts/${cart.id}/loyalty-points`, { points: 500 }, shopper.headers)
          await afterHandled(getContainer(), ["order.placed"], () => completeCart(api, shopper.headers, cart.id))
          return standing(shopper.customer.id)
        }
        const expected = await placeAfterRetry(await newShopper(), null)
        expect(expected.figures).toMatchObject({ balance: 500, reserved: 0 })
        const adjustmentFault: WriteFault = { table: "cart_line_item_adjustment", on: "INSERT", when: "TRUE" }
        expect(await placeAfterRetry(await newShopper(), adjustmentFault)).toEqual(expected)
      })

      it("a welcome bonus whose event cannot be sent stays, and the event goes out once later", async () => {
        await api.post("/admin/loyalty/program", { welcome_bonus: { points: 300 } }, admin)
        const shopper = await withEventRefused(getContainer(), "loyalty.bonus_granted", async () => {
          const shopper = await createShopper(getContainer(), fixture.publishableKey)
          await deliver(getContainer(), "customer.created", { id: shopper.customer.id }, 1, "serial")
          return shopper
        })
        const afterFailure = await standing(shopper.customer.id)
        expect(afterFailure.figures.balance).toBe(300)
        expect(afterFailure.events).toEqual([])

        await deliver(getContainer(), "customer.created", { id: shopper.customer.id }, 2, "concurrent")
        const after = await standing(shopper.customer.id)
        expect(after.rows).toEqual(afterFailure.rows)
        expect(after.events).toEqual(["loyalty.bonus_granted 300"])
      })
    })
  },
})
