import { runBatches } from "../../../workflows/jobs/steps/run-batches"
import type { OutboxEvent } from "../ledger/outbox"
import { TIER_CHANGED } from "../ledger/tiers"
import { readAccountSnapshot } from "../ledger/account-snapshot"
import { readTierContext } from "../program/tier-context"
import { loyaltyModuleTestRunner } from "./loyalty-module-runner"

jest.setTimeout(120_000)

const DAY = 24 * 60 * 60 * 1000

loyaltyModuleTestRunner(({ service, MikroOrmWrapper }) => {
  let seq = 0
  /** Order points, as an order's earn row. */
  const earn = (customer_id: string, points: number) =>
    service.credit({
      customer_id,
      type: "earn",
      status: "pending",
      points,
      available_at: new Date(Date.now() + 14 * DAY),
      order_id: `order_${++seq}`,
      idempotency_key: `earn:order_${seq}`,
    })
  const tierRun = (limit: number, now = new Date()) =>
    runBatches((sweep) => service.recomputeTiersBatch({ now, ...sweep, limit }))
  const delivered = async () => {
    const events: OutboxEvent[] = []
    while (await service.deliverEvents(100, async (batch) => void events.push(...batch))) {}
    return events
  }
  const tierOf = async (customer_id: string) => (await service.getOrCreateAccount(customer_id)).tier_id ?? null

  describe("tiers", () => {
    let silver: { id: string }
    let gold: { id: string }

    beforeEach(async () => {
      await delivered()
      silver = await service.saveRecord("tier", { data: { name: "Silver", min_points: 100, multiplier: 1.5 } })
      gold = await service.saveRecord("tier", { data: { name: "Gold", min_points: 500, multiplier: 2 } })
    })

    afterEach(async () => {
      expect(await service.verifyAccounts()).toEqual([])
    })

    it("puts each shopper in the highest tier their order points reach, net of reversals", async () => {
      await earn("cus_a", 99)
      const lot = await earn("cus_b", 600)
      await earn("cus_c", 150)
      await service.reverse({ transaction_id: lot.id, keep_points: 450, idempotency_key: "reverse:return_1" })

      await tierRun(2)
      expect([await tierOf("cus_a"), await tierOf("cus_b"), await tierOf("cus_c")]).toEqual([null, silver.id, silver.id])
    })

    it("moves a shopper once however many runs overlap, with one loyalty.tier_changed", async () => {
      await earn("cus_d", 700)
      await Promise.all([tierRun(1), tierRun(1), service.recomputeTier("cus_d")])
      expect(await tierOf("cus_d")).toBe(gold.id)
      const events = (await delivered()).filter((event) => event.name === TIER_CHANGED)
      expect(events).toHaveLength(1)
      expect(events[0].data).toMatchObject({ customer_id: "cus_d", points: 700, from_tier: null, tier: { id: gold.id, name: "Gold" } })
      await tierRun(10)
      expect(await delivered()).toEqual([])
    })

    it("lets points age out of the window, and a tier deleted moves its shoppers down", async () => {
      await earn("cus_e", 200)
      await tierRun(10)
      expect(await tierOf("cus_e")).toBe(silver.id)
      // A year and a day later the order no longer counts.
      await tierRun(10, new Date(Date.now() + 366 * DAY))
      expect(await tierOf("cus_e")).toBeNull()

      await earn("cus_f", 800)
      await tierRun(10)
      await service.deleteRecord("tier", gold.id)
      await tierRun(10)
      expect(await tierOf("cus_f")).toBe(silver.id)
    })

    it("reads the settings, tiers and window start in one statement exactly as the program's own reads give them, and an edit at once", async () => {
      const knex = MikroOrmWrapper.getManager().getKnex()
      const now = new Date("2026-06-01T12:00:00Z")
      const defaults = (service as any).defaults_
      await earn("cus_window", 40)
      // The account read computes the window's start in SQL: it must be the one the tier job uses.
      const oneRead = async () => {
        const context = await readTierContext(knex, defaults, now)
        for (const customer of ["cus_window", "cus_nobody"]) {
          const snapshot = await readAccountSnapshot(knex, customer, 5, defaults, now)
          expect(snapshot.context).toEqual(context)
          expect(new Date(snapshot.tier_since)).toEqual(context.since)
          expect(snapshot.account?.customer_id).toBe(customer === "cus_window" ? "cus_window" : undefined)
          // The order points summed from the window's start the statement computed.
          expect(snapshot.account?.tier_points).toBe(customer === "cus_window" ? 40 : undefined)
        }
        return context
      }
      // No program row yet: every setting is the plugin's default.
      expect(await oneRead()).toEqual({
        settings: await service.getProgramSettings(),
        tiers: await service.listRecords("tier"),
        since: new Date(now.getTime() - 365 * DAY),
      })
      await service.updateProgramSettings({ tier_window_days: 90, earn_percent: 7.5, point_values: { eur: 0.5 }, pending_days: 3 })
      await service.saveRecord("tier", { data: { name: "Bronze", min_points: 10, multiplier: 1.25 } })
      await service.deleteRecord("tier", gold.id)
      const read = await oneRead()
      expect(read).toEqual({
        settings: await service.getProgramSettings(),
        tiers: await service.listRecords("tier"),
        since: new Date(now.getTime() - 90 * DAY),
      })
      expect(read.settings).toMatchObject({ tier_window_days: 90, earn_percent: 7.5, pending_days: 3 })
      expect(read.tiers.map((tier) => [tier.name, tier.multiplier])).toEqual([["Bronze", 1.25], ["Silver", 1.5]])
    })
  })
})
