import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import releaseStaleReservations from "../../src/jobs/release-stale-reservations"
import { createShopper } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"
import { afterHandled, deliver, loyaltyEventRecorder, waitForQuiet } from "../helpers/loyalty-events"
import { createLoyaltyStore } from "../helpers/loyalty-store"
import { realFlows } from "../helpers/real-flows"
import { placeGuestOrder, SHIRT_AND_MUG, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(600_000)

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR

/**
 * Order flows end to end, each step through the store or admin API as a storefront or a
 * merchant takes it, on real Medusa and PostgreSQL. The eur region of store-fixture.ts: shirt 50,
 * mug 20, 20 % tax on top, shipping 10 (12 with tax), so SHIRT_AND_MUG costs 96; a point is
 * worth 0.01 eur and earn_percent is 5, so the two items earn 5 % of 70 = 350 points.
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("real order flows", () => {
      let admin: { headers: Record<string, string> }
      let fixture: StoreFixture
      let shopper: Awaited<ReturnType<typeof createShopper>>
      const recorder = loyaltyEventRecorder(getContainer)
      const flows = realFlows(api, getContainer, () => ({ admin, fixture }))

      beforeEach(async () => {
        ;({ admin, fixture, shopper } = await createLoyaltyStore(getContainer(), api))
        recorder.start()
      })

      afterEach(async () => {
        recorder.stop()
        await expectLedgerInvariants(getContainer())
      })

      const me = () => shopper.customer.id
      const eventsNamed = (name: string) => recorder.events.filter((event) => event.name === name).map((event) => event.data)
      /** The plugin's events of one name, counted once nothing more can arrive (so a late duplicate is seen). */
      const expectEvents = async (name: string, expected: unknown[]) => {
        await waitForQuiet(getContainer())
        expect(eventsNamed(name)).toEqual(expected)
      }
      const post = (path: string, body: unknown) => api.post(`/admin/loyalty/${path}`, body, admin)
      /** A tier change through the admin API; returns once the shoppers' tiers are recomputed. */
      const saveTier = async (path: string, body: unknown) => {
        const { data } = await afterHandled(getContainer(), ["loyalty.tiers_changed"], (): Promise<{ data: any }> => post(path, body))
        return data.tier
      }
      const earnRowOf = async (customerId: string, orderId: string) =>
        (await flows.ledger(customerId, `&type=earn&order_id=${orderId}`))[0]

      it("an order paid with points at checkout and canceled by the admin gives the points back once", async () => {
        await flows.credit(me(), 5000)
        const order = await flows.checkout(shopper.headers, { currency: "eur", items: SHIRT_AND_MUG, points: 1000 })
        expect(Number(order.total)).toBeCloseTo(86, 6)
        // 74 of items with tax after the 10.00 of points: 61.67 net, 5 % → 308 points.
        expect(await flows.account(me())).toMatchObject({ balance: 4000, reserved: 0, pending: 308, lifetime_spent: 1000 })
        expect(await flows.orderPoints(order.id)).toMatchObject({ spent: 1000, earned: 308, reversed: 0, restored: 0 })

        await flows.cancel(order.id)
        expect(await flows.account(me())).toMatchObject({ balance: 5000, reserved: 0, pending: 0 })
        expect(await flows.orderPoints(order.id)).toMatchObject({ spent: 1000, earned: 308, reversed: 308, restored: 1000 })
        await expectEvents("loyalty.points_restored", [
          expect.objectContaining({ customer_id: me(), order_id: order.id, points: 1000 }),
        ])
        await expectEvents("loyalty.points_reversed", [
          expect.objectContaining({ customer_id: me(), order_id: order.id, points: 308 }),
        ])
        const { data } = await api.get(`/store/loyalty/account/transactions?order_id=${order.id}&type=restore`, shopper.headers)
        expect(data.transactions).toEqual([
          expect.objectContaining({ points: 1000, description: `Given back for order #${order.display_id}` }),
        ])

        // Once: order.canceled again, three times at once, and the abandoned-hold job a day later.
        await deliver(getContainer(), "order.canceled", { id: order.id }, 3, "concurrent")
        await releaseStaleReservations(getContainer(), { now: new Date(Date.now() + 25 * HOUR) })
        expect(await flows.account(me())).toMatchObject({ balance: 5000, reserved: 0, pending: 0 })
        const rows = (await flows.orderPoints(order.id)).transactions.map((row: any) => [row.type, row.points])
        expect(rows.sort()).toEqual([["earn", 308], ["redeem", -1000], ["restore", 1000], ["reversal", -308]])
        expect(eventsNamed("loyalty.points_restored")).toHaveLength(1)
      })

      it("a shopper loses the tier on a return and on a cancel, each time with loyalty.tier_changed", async () => {
        const silver = await saveTier("tiers", { name: "Silver", min_points: 300, multiplier: 1 })
        const silverTier = expect.objectContaining({ id: silver.id, name: "Silver" })

        const first = await flows.checkout(shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        expect(await flows.account(me())).toMatchObject({ tier: { id: silver.id }, tier_points: 350 })
        // The mug goes back: the order keeps 5 % of 50 = 250, under Silver's 300.
        await flows.returnOf(first, ["mug"])
        expect(await flows.account(me())).toMatchObject({ tier: null, tier_points: 250, next_tier: { id: silver.id } })

        const second = await flows.checkout(shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        expect(await flows.account(me())).toMatchObject({ tier: { id: silver.id }, tier_points: 600 })
        await flows.cancel(second.id)
        expect(await flows.account(me())).toMatchObject({ tier: null, tier_points: 250 })

        await expectEvents("loyalty.tier_changed", [
          expect.objectContaining({ customer_id: me(), from_tier: null, tier: silverTier, points: 350 }),
          expect.objectContaining({ customer_id: me(), from_tier: silverTier, tier: null, points: 250 }),
          expect.objectContaining({ customer_id: me(), from_tier: null, tier: silverTier, points: 600 }),
          expect.objectContaining({ customer_id: me(), from_tier: silverTier, tier: null, points: 250 }),
        ])
      })

      it("an admin's edit of a tier moves the shopper, and the next order earns at the tier's rate", async () => {
        const gold = await saveTier("tiers", { name: "Gold", min_points: 1000, multiplier: 2 })
        await flows.checkout(shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        expect(await flows.account(me())).toMatchObject({ tier: null, tier_points: 350 })

        // The threshold comes down to what the shopper has: Gold.
        await saveTier(`tiers/${gold.id}`, { min_points: 300 })
        expect(await flows.account(me())).toMatchObject({ tier: { id: gold.id, name: "Gold" }, tier_points: 350 })
        // Gold doubles: 5 % of 50 = 250, × 2.
        const next = await flows.checkout(shopper.headers, { currency: "eur", items: [{ variant: "shirt", quantity: 1 }] })
        expect(await earnRowOf(me(), next.id)).toMatchObject({ points: 500 })

        // The threshold goes up past what the shopper has: out of Gold.
        await saveTier(`tiers/${gold.id}`, { min_points: 2000 })
        expect(await flows.account(me())).toMatchObject({ tier: null, tier_points: 850, points_to_next_tier: 1150 })

        const goldTier = expect.objectContaining({ id: gold.id, name: "Gold" })
        await expectEvents("loyalty.tier_changed", [
          expect.objectContaining({ customer_id: me(), from_tier: null, tier: goldTier }),
          expect.objectContaining({ customer_id: me(), from_tier: goldTier, tier: null }),
        ])
      })

      it("a campaign for a customer group the admin made raises a member's order and no one else's", async () => {
        const other = await createShopper(getContainer(), fixture.publishableKey)
        const { data: created } = await api.post("/admin/customer-groups", { name: "Members" }, admin)
        const groupId: string = created.customer_group.id
        await api.post(`/admin/customer-groups/${groupId}/customers`, { add: [me()] }, admin)
        const { data } = await post("campaigns", {
          name: "Members double",
          starts_at: new Date(Date.now() - HOUR).toISOString(),
          kind: "multiplier",
          multiplier: 2,
          customer_group_ids: [groupId],
        })
        const campaignId: string = data.campaign.id

        const member = await flows.checkout(shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        const stranger = await flows.checkout(other.headers, { currency: "eur", items: SHIRT_AND_MUG })

        expect(await earnRowOf(me(), member.id)).toMatchObject({
          points: 700,
          details: expect.objectContaining({ campaign_ids: [campaignId] }),
        })
        expect(await earnRowOf(other.customer.id, stranger.id)).toMatchObject({
          points: 350,
          details: expect.objectContaining({ campaign_ids: [] }),
        })
        // A group's campaign is not announced to every shopper.
        const { data: program } = await api.get("/store/loyalty/program", { headers: { "x-publishable-api-key": fixture.publishableKey } })
        expect(program.program.campaigns).toEqual([])
      })

      it("the order bonus stays through a partial return and goes with a full one", async () => {
        await flows.setProgram({ order_bonus: { points: 100 } })
        const order = await flows.checkout(shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        expect(await flows.account(me())).toMatchObject({ pending: 350 + 100 })

        await flows.returnOf(order, ["mug"])
        // The shirt keeps earning 250, and something is left of the order: the bonus stays.
        expect(await flows.account(me())).toMatchObject({ pending: 250 + 100 })

        await flows.returnOf(order, ["shirt"])
        expect(await flows.account(me())).toMatchObject({ pending: 0, balance: 0 })
        const rows = (await flows.orderPoints(order.id)).transactions.map((row: any) => [row.type, row.points])
        expect(rows).toEqual(
          expect.arrayContaining([
            ["bonus", 100],
            ["reversal", -100],
          ])
        )
        expect(await flows.orderPoints(order.id)).toMatchObject({ earned: 350, reversed: 350 + 100 })
      })

      it("an earning rule on a product collection the admin made applies to the collection's items of an order", async () => {
        const { data } = await api.post("/admin/collections", { title: "Summer" }, admin)
        const collectionId: string = data.collection.id
        await api.post(`/admin/collections/${collectionId}/products`, { add: [await flows.productIdOf("shirt")] }, admin)
        const rule = (await post("rules", { target_type: "collection", target_id: collectionId, kind: "percent", percent: 10 })).data.rule

        // Shirt: 10 % of 50 = 500 points; the mug, in no collection: 5 % of 20 = 100.
        const order = await flows.checkout(shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
        const earn = await earnRowOf(me(), order.id)
        expect(earn.points).toBe(600)
        expect(earn.details.lines).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ line_id: flows.itemOf(order, "shirt").id, rule_id: rule.id, source: "collection", points: 500 }),
            expect.objectContaining({ line_id: flows.itemOf(order, "mug").id, rule_id: null, points: 100 }),
          ])
        )
        expect(await flows.account(me())).toMatchObject({ pending: 600 })
      })

      describe("GET /admin/loyalty/reports", () => {
        const report = async (query = "") => (await api.get(`/admin/loyalty/reports${query}`, admin)).data.report
        const monthStart = (date: Date, monthsBack = 0) =>
          new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - monthsBack, 1))
        /** The months' figures added up: a test that runs across a month's end books into two. */
        const sumOf = (months: Record<string, any>[]) => {
          const total = { issued: 0, spent: 0, expired: 0, reversed: 0 }
          for (const month of months) {
            for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += month[key]
          }
          return total
        }
        /** The months a test that started at `startedAt` may have booked into. */
        const monthsSince = (startedAt: Date) =>
          [...new Set([startedAt, new Date()].map((date) => date.toISOString().slice(0, 7)))]

        it("counts real orders' points, reversals included, over the last twelve months by default", async () => {
          const startedAt = new Date()
          await flows.credit(me(), 5000)
          const paidWithPoints = await flows.checkout(shopper.headers, { currency: "eur", items: SHIRT_AND_MUG, points: 1000 })
          const canceled = await flows.checkout(shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
          await flows.cancel(canceled.id)
          await flows.returnOf(paidWithPoints, ["mug"])
          await afterHandled(getContainer(), ["order.placed"], () =>
            placeGuestOrder(api, fixture, { currency: "eur", items: SHIRT_AND_MUG })
          )

          const returned = await flows.orderPoints(paidWithPoints.id)
          // The mug carried 20/70 of the points discount: 1000 × 2/7 = 285 back; it stops earning.
          expect(returned).toMatchObject({ spent: 1000, restored: 285, earned: 308 })
          expect(returned.reversed).toBeGreaterThan(0)
          expect(await flows.orderPoints(canceled.id)).toMatchObject({ earned: 350, reversed: 350 })

          const now = new Date()
          const figures = await report()
          expect(figures.from).toBe(monthStart(now, 11).toISOString())
          expect(Math.abs(new Date(figures.to).getTime() - now.getTime())).toBeLessThan(60_000)
          expect(monthsSince(startedAt)).toEqual(expect.arrayContaining(figures.months.map((row: any) => row.month)))
          expect(sumOf(figures.months)).toEqual({
            issued: 5000 + 308 + 350,
            spent: 1000 - 285,
            expired: 0,
            reversed: 350 + returned.reversed,
          })
          expect(figures).toMatchObject({
            outstanding_points: 5000 - 1000 + 285,
            pending_points: 308 - returned.reversed,
            members: 1,
            active_members: 1,
            liability: [
              { currency_code: "eur", point_value: 0.01, amount: 42.85 },
              { currency_code: "usd", point_value: 0.01, amount: 42.85 },
            ],
            // The canceled order is not a purchase: the shopper bought once.
            repeat_purchase: {
              members: { customers: 1, repeat_customers: 0, rate: 0 },
              others: { customers: 1, repeat_customers: 0, rate: 0 },
            },
          })
          // The year before the month the test started in has none of it.
          const before = `?from=${monthStart(startedAt, 12).toISOString()}&to=${monthStart(startedAt).toISOString()}`
          expect(await report(before)).toMatchObject({
            months: [],
            active_members: 0,
            repeat_purchase: { members: { customers: 0 }, others: { customers: 0 } },
          })
        })

        it("takes a window of five years and refuses a longer one with 400", async () => {
          await flows.checkout(shopper.headers, { currency: "eur", items: SHIRT_AND_MUG })
          const to = new Date()
          const fiveYearsBack = new Date(to)
          fiveYearsBack.setUTCFullYear(to.getUTCFullYear() - 5)
          const window = (from: Date) => `?from=${from.toISOString()}&to=${to.toISOString()}`

          const figures = await report(window(fiveYearsBack))
          expect(figures.from).toBe(fiveYearsBack.toISOString())
          expect(sumOf(figures.months)).toMatchObject({ issued: 350 })

          const longer = new Date(fiveYearsBack.getTime() - 7 * DAY)
          expect(await flows.errorOf(api.get(`/admin/loyalty/reports${window(longer)}`, admin))).toEqual({
            status: 400,
            message: expect.stringMatching(/at most five years/),
          })
        })
      })
    })
  },
})
