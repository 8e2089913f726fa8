import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { expirePointsWorkflow, winBackShoppersWorkflow } from "../../src/workflows"
import { createShopper } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"
import { afterHandled, loyaltyEventRecorder } from "../helpers/loyalty-events"
import { createLoyaltyStore } from "../helpers/loyalty-store"
import { waitForQuiet } from "../helpers/quiet"
import { placeOrder, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(240_000)

const DAY = 24 * 60 * 60 * 1000

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("win-back", () => {
      let admin: { headers: Record<string, string> }
      let fixture: StoreFixture
      let shopper: Awaited<ReturnType<typeof createShopper>>
      let loyalty: LoyaltyModuleService
      const recorder = loyaltyEventRecorder(getContainer)

      beforeEach(async () => {
        ;({ admin, fixture, shopper, loyalty } = await createLoyaltyStore(getContainer(), api))
        recorder.start()
      })

      afterEach(async () => {
        recorder.stop()
        await expectLedgerInvariants(getContainer())
      })

      const setProgram = (program: Record<string, unknown>) => api.post("/admin/loyalty/program", program, admin)
      const adjust = (customerId: string, points: number) =>
        api.post(`/admin/customers/${customerId}/loyalty/adjustments`, { points, reason: "Test" }, admin)
      const at = (days: number) => new Date(Date.now() + days * DAY).toISOString()
      const winBack = async (days: number) => {
        await winBackShoppersWorkflow(getContainer()).run({ input: { now: at(days) } })
        await waitForQuiet(getContainer())
      }
      const winbacks = () => recorder.events.filter((event) => event.name === "loyalty.winback")
      const bonusRows = async (customerId: string) => {
        const [account] = await loyalty.listLoyaltyAccounts({ customer_id: customerId })
        return (await loyalty.listLoyaltyTransactions({ account_id: account.id, type: "bonus" })).filter(
          (row: any) => row.details?.bonus === "winback_bonus"
        )
      }
      const balanceOf = async (customerId: string) => (await loyalty.listLoyaltyAccounts({ customer_id: customerId }))[0].balance

      it("writes once per quiet period to a shopper with points and no order for winback_days, with its bonus, however often the job runs", async () => {
        await setProgram({
          winback_days: 30,
          winback_bonus: { points: 100, expiry_days: 7 },
          notifications: { winback: { channel: "feed", template: "loyalty-winback" } },
        })
        await adjust(shopper.customer.id, 1000)
        // A shopper with no points is not written to.
        const empty = await createShopper(getContainer(), fixture.publishableKey)
        await adjust(empty.customer.id, 10)
        await adjust(empty.customer.id, -10)

        await winBack(29)
        expect(winbacks()).toEqual([])

        await Promise.all([winBack(31), winBack(31)])
        await winBack(31)
        await winBack(45)

        const [bonus, ...more] = await bonusRows(shopper.customer.id)
        expect(more).toEqual([])
        expect(bonus).toMatchObject({ points: 100, remaining: 100, status: "available" })
        expect(Math.abs(new Date(bonus.expires_at!).getTime() - (Date.now() + 38 * DAY))).toBeLessThan(60_000)
        const [account] = await loyalty.listLoyaltyAccounts({ customer_id: shopper.customer.id })
        expect(winbacks()).toEqual([
          {
            name: "loyalty.winback",
            data: {
              account_id: account.id,
              customer_id: shopper.customer.id,
              points: 1100,
              balance: 1100,
              // The bonus expires before the adjustment's points (365 days).
              expires_at: new Date(bonus.expires_at!).toISOString(),
              bonus_points: 100,
              winback_days: 30,
              event_id: expect.stringMatching(/^lyevt_/),
            },
          },
        ])
        expect(recorder.events.filter((event) => event.name === "loyalty.bonus_granted")).toEqual([
          expect.objectContaining({ data: expect.objectContaining({ bonus: "winback_bonus", points: 100 }) }),
        ])
        const sent = await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ template: "loyalty-winback" })
        expect(sent).toEqual([
          expect.objectContaining({
            to: shopper.customer.email,
            data: expect.objectContaining({ event: "winback", points: 1100, balance: 1100, bonus_points: 100, winback_days: 30 }),
          }),
        ])

        // Unused at its expiry, the bonus is taken back like any bonus.
        await expirePointsWorkflow(getContainer()).run({ input: { now: at(39) } })
        expect(await balanceOf(shopper.customer.id)).toBe(1000)
      })

      it("writes again after an order and a new quiet period, with that period's bonus, and not while the order is recent", async () => {
        await setProgram({ winback_days: 30, winback_bonus: { points: 100, expiry_days: 0 } })
        await adjust(shopper.customer.id, 1000)
        const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        // The account was opened 61 days ago; the job ran 30 days ago.
        await knex("loyalty_account").where({ customer_id: shopper.customer.id }).update({ created_at: at(-61) })
        await winBack(-30)
        expect(winbacks()).toHaveLength(1)

        await afterHandled(getContainer(), ["order.placed"], () =>
          placeOrder(api, fixture, shopper.headers, { currency: "eur", items: [{ variant: "shirt", quantity: 1 }] })
        )
        await winBack(0)
        await winBack(10)
        expect(winbacks()).toHaveLength(1)

        await Promise.all([winBack(31), winBack(31)])
        expect(winbacks()).toHaveLength(2)
        expect(winbacks()[1].data).toMatchObject({ bonus_points: 100, balance: 1200 })
        expect((await bonusRows(shopper.customer.id)).map((row: any) => row.points)).toEqual([100, 100])
      })

      it("does nothing while winback_days is 0, the default", async () => {
        await adjust(shopper.customer.id, 1000)
        const { result } = await winBackShoppersWorkflow(getContainer()).run({ input: { now: at(400) } })
        expect(result).toMatchObject({ enabled: false, accounts: 0 })
        await waitForQuiet(getContainer())
        expect(winbacks()).toEqual([])
      })
    })
  },
})
