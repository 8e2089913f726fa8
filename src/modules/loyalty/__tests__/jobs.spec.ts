import { runBatches } from "../../../workflows/jobs/steps/run-batches"
import type { OutboxEvent } from "../ledger/outbox"
import { loyaltyModuleTestRunner } from "./loyalty-module-runner"
import { rawLedgerEdits } from "./raw-ledger-edits"

jest.setTimeout(120_000)

const DAY = 24 * 60 * 60 * 1000
const NOW = new Date()
const daysFromNow = (days: number) => new Date(NOW.getTime() + days * DAY)

loyaltyModuleTestRunner(({ service, MikroOrmWrapper }) => {
    const raw = rawLedgerEdits(MikroOrmWrapper)
    let seq = 0
    const credit = (customer_id: string, points: number, extra: Record<string, unknown> = {}) =>
      service.credit({
        customer_id,
        type: "earn",
        status: "available",
        points,
        idempotency_key: `credit:${++seq}`,
        ...extra,
      } as any)
    const account = (customer_id: string) => service.getOrCreateAccount(customer_id)
    const expireRun = (limit: number, now = NOW) =>
      runBatches((sweep) => service.expireDueBatch({ phase: "lots", now, ...sweep, limit }))
    const inactivityRun = (limit: number, now: Date, days: number, active_since: Date) =>
      runBatches((sweep) =>
        service.expireDueBatch({
          phase: "inactivity",
          now,
          inactive_before: new Date(now.getTime() - days * DAY),
          active_since,
          ...sweep,
          limit,
        })
      )
    /** Takes every event written so far out of the outbox, as a delivery would. */
    const delivered = async () => {
      const events: OutboxEvent[] = []
      while (await service.deliverEvents(100, async (batch) => void events.push(...batch))) {}
      return events
    }

    describe("jobs", () => {
      beforeEach(async () => {
        await delivered()
      })
      afterEach(async () => {
        expect(await service.verifyAccounts()).toEqual([])
      })

      describe("expiry", () => {
        it("expires each due lot once with its own row, lowers balances and announces one total per account", async () => {
          const a1 = await credit("cus_x1", 100, { expires_at: daysFromNow(-2) })
          const a2 = await credit("cus_x1", 50, { expires_at: daysFromNow(-1) })
          await credit("cus_x1", 70, { expires_at: daysFromNow(5) })
          await credit("cus_x2", 30, { expires_at: daysFromNow(-1) })
          await credit("cus_x3", 40, { expires_at: null })
          await credit("cus_x4", 25, { status: "pending", available_at: daysFromNow(3), expires_at: daysFromNow(-1) })
          await delivered()

          // Batches of one account: the cursor must carry the run through all of them.
          const totals = await expireRun(1)
          expect(totals).toMatchObject({ lots: 3, points: 180, accounts: 2, skipped: 0 })
          expect(await account("cus_x1")).toMatchObject({ balance: 70 })
          expect(await account("cus_x2")).toMatchObject({ balance: 0 })
          expect(await account("cus_x3")).toMatchObject({ balance: 40 })
          expect(await account("cus_x4")).toMatchObject({ balance: 0, pending: 25 })

          const x1 = await account("cus_x1")
          const rows = await service.listLoyaltyTransactions({ account_id: x1.id, type: "expire" }, { order: { points: "ASC" } })
          expect(rows.map((r) => [r.reference, r.points, r.idempotency_key])).toEqual([
            [a1.id, -100, `expire:${a1.id}:100`],
            [a2.id, -50, `expire:${a2.id}:50`],
          ])
          const events = await delivered()
          expect(events.map((e) => [e.name, e.data.customer_id, e.data.points, e.data.balance]).sort()).toEqual([
            ["loyalty.points_expired", "cus_x1", 150, 70],
            ["loyalty.points_expired", "cus_x2", 30, 0],
          ])

          // A second run finds nothing: no rows, no events.
          expect(await expireRun(1)).toMatchObject({ lots: 0, points: 0 })
          expect(await delivered()).toEqual([])
        })

        it("spares points held for a cart until the hold ends, then expires them", async () => {
          const lot = await credit("cus_held", 100, { expires_at: daysFromNow(1) })
          await service.reserve({ customer_id: "cus_held", cart_id: "cart_held", points: 60, expires_at: daysFromNow(1) })
          // The lot falls due while the hold lasts.
          await raw.backdateLotExpiry(lot.id, daysFromNow(-1))
          expect(await expireRun(10)).toMatchObject({ points: 40 })
          expect(await account("cus_held")).toMatchObject({ balance: 60, reserved: 60 })

          // The release expires what the hold spared; the next run finds nothing left.
          await service.releaseReservation("cart_held")
          expect(await account("cus_held")).toMatchObject({ balance: 0, reserved: 0 })
          expect(await expireRun(10)).toMatchObject({ points: 0 })
        })

        it("expires each lot once when two runs go at the same time", async () => {
          const customers = Array.from({ length: 30 }, (_, i) => `cus_race_${String(i).padStart(2, "0")}`)
          for (const customer of customers) {
            await credit(customer, 10, { expires_at: daysFromNow(-3) })
            await credit(customer, 20, { expires_at: daysFromNow(-2) })
            await credit(customer, 5, { expires_at: daysFromNow(10) })
          }
          await delivered()

          const [first, second] = await Promise.all([expireRun(4), expireRun(4)])
          expect(first.lots + second.lots).toBe(60)
          expect(first.points + second.points).toBe(900)
          const expired = await service.listLoyaltyTransactions({ type: "expire" }, { take: 1000 })
          expect(expired).toHaveLength(60)
          expect(new Set(expired.map((row) => row.reference)).size).toBe(60)
          for (const customer of customers) {
            expect((await account(customer)).balance).toBe(5)
          }
          const events = await delivered()
          expect(events).toHaveLength(30)
          expect(new Set(events.map((e) => e.data.customer_id)).size).toBe(30)
        })

        it("expires each lot once when a run splits the accounts into ranges side by side, twice at once", async () => {
          const customers = Array.from({ length: 25 }, (_, i) => `cus_range_${String(i).padStart(2, "0")}`)
          for (const customer of customers) {
            await credit(customer, 10, { expires_at: daysFromNow(-3) })
            await credit(customer, 5, { expires_at: daysFromNow(10) })
          }
          await delivered()

          const bounds = await service.accountRangeBounds(3)
          expect(bounds).toHaveLength(2)
          const rangedRun = () =>
            runBatches((sweep) => service.expireDueBatch({ phase: "lots", now: NOW, ...sweep, limit: 2 }), {
              bounds,
            })
          const [first, second] = await Promise.all([rangedRun(), rangedRun()])
          expect(first.lots + second.lots).toBe(25)
          expect(first.points + second.points).toBe(250)
          const expired = await service.listLoyaltyTransactions({ type: "expire" }, { take: 1000 })
          expect(new Set(expired.map((row) => row.reference)).size).toBe(expired.length)
          for (const customer of customers) {
            expect((await account(customer)).balance).toBe(5)
          }
          expect(await rangedRun()).toMatchObject({ lots: 0, skipped: 0 })
          expect(await delivered()).toHaveLength(25)
        })

        it("never brings expired points back: a reversal takes none of them, a restore expires with its source", async () => {
          const lot = await credit("cus_rev", 100, { expires_at: daysFromNow(-1), order_id: "order_rev" })
          await expireRun(10)
          expect(await service.reverse({ transaction_id: lot.id, points: 100, idempotency_key: "rev:cus_rev" })).toBeNull()
          expect(await account("cus_rev")).toMatchObject({ balance: 0 })

          // 60 of a lot spent on an order, the other 40 expire; a cancel gives the 60 back
          // with the lot's own date, so they expire as the lot did.
          await credit("cus_restore", 100, { expires_at: daysFromNow(1) })
          await service.debit({ customer_id: "cus_restore", type: "redeem", points: 60, order_id: "order_restore", idempotency_key: "restore:spend" })
          expect(await expireRun(10, daysFromNow(2))).toMatchObject({ points: 40 })
          const restored = await service.restoreSpent({ order_id: "order_restore", keep_spent_points: 0, idempotency_key: "restore:cancel" })
          expect(restored!.expires_at!.getTime()).toBe(daysFromNow(1).getTime())
          expect(await expireRun(10, daysFromNow(2))).toMatchObject({ points: 60 })
          expect(await account("cus_restore")).toMatchObject({ balance: 0 })
        })
      })

      describe("warnings", () => {
        it("warns once per lot that expires within the window, one event per shopper", async () => {
          const soon = await credit("cus_w1", 100, { expires_at: daysFromNow(3) })
          const sooner = await credit("cus_w1", 20, { expires_at: daysFromNow(2) })
          await credit("cus_w1", 50, { expires_at: daysFromNow(30) })
          await credit("cus_w2", 10, { expires_at: daysFromNow(14) })
          await credit("cus_w3", 10, { expires_at: daysFromNow(-1) })
          await delivered()

          const until = daysFromNow(14)
          const [first, second] = await Promise.all([
            service.warnExpiringBatch({ now: NOW, until, limit: 100 }),
            service.warnExpiringBatch({ now: NOW, until, limit: 100 }),
          ])
          expect(first.lots + second.lots).toBe(3)
          expect((await service.warnExpiringBatch({ now: NOW, until, limit: 100 })).lots).toBe(0)

          const events = await delivered()
          const w1 = events.find((e) => e.data.customer_id === "cus_w1")!
          expect(events.map((e) => e.name)).toEqual(["loyalty.points_expiring", "loyalty.points_expiring"])
          expect(w1.data).toMatchObject({
            reason: "expiry",
            points: 120,
            lots: [
              { transaction_id: sooner.id, points: 20 },
              { transaction_id: soon.id, points: 100 },
            ],
          })
          expect(new Date(w1.data.expires_at as string).getTime()).toBe(sooner.expires_at!.getTime())
          expect(events.find((e) => e.data.customer_id === "cus_w2")!.data).toMatchObject({ points: 10 })
        })

        it("fills a batch past an account another transaction holds (a checkout), and warns it once it is free", async () => {
          await credit("cus_wh1", 10, { expires_at: daysFromNow(2) })
          await credit("cus_wh2", 10, { expires_at: daysFromNow(3) })
          await credit("cus_wh3", 10, { expires_at: daysFromNow(4) })
          await delivered()
          const until = daysFromNow(14)
          const held = await service.getOrCreateAccount("cus_wh1")
          const trx = await MikroOrmWrapper.getManager().getKnex().transaction()
          try {
            await trx.raw("SELECT id FROM loyalty_account WHERE id = ? FOR UPDATE", [held.id])
            expect(await service.warnExpiringBatch({ now: NOW, until, limit: 1 })).toMatchObject({ lots: 1, accounts: 1 })
            expect(await service.warnExpiringBatch({ now: NOW, until, limit: 5 })).toMatchObject({ lots: 1, accounts: 1 })
            expect((await service.warnExpiringBatch({ now: NOW, until, limit: 5 })).lots).toBe(0)
          } finally {
            await trx.commit()
          }
          expect(await service.warnExpiringBatch({ now: NOW, until, limit: 5 })).toMatchObject({ lots: 1, accounts: 1 })
          const warned = (await delivered()).map((e) => e.data.customer_id).sort()
          expect(warned).toEqual(["cus_wh1", "cus_wh2", "cus_wh3"])
        })

        it("pages through the accounts after a cursor, passing over a held one, which the next pass warns", async () => {
          const customers = ["cus_wp1", "cus_wp2", "cus_wp3", "cus_wp4"]
          for (const customer of customers) {
            await credit(customer, 10, { expires_at: daysFromNow(5) })
          }
          await delivered()
          const until = daysFromNow(14)
          const ids = (await Promise.all(customers.map(account))).map((a) => a.id).sort()
          const pass = async () => {
            let after: string | null = null
            let batches = 0
            do {
              const batch = await service.warnExpiringBatch({ now: NOW, until, limit: 1, after })
              expect(batch.lots).toBeLessThanOrEqual(1)
              if (batch.next_after !== null) expect(batch.next_after > (after ?? "")).toBe(true)
              after = batch.next_after
              batches++
            } while (after !== null)
            return batches
          }
          // The second account in id order is held (a checkout) for the whole first pass.
          const trx = await MikroOrmWrapper.getManager().getKnex().transaction()
          try {
            await trx.raw("SELECT id FROM loyalty_account WHERE id = ? FOR UPDATE", [ids[1]])
            // Three accounts warned, one batch each, and one that finds none after the last.
            expect(await pass()).toBe(4)
          } finally {
            await trx.commit()
          }
          const firstPass = await delivered()
          expect(firstPass.map((e) => e.data.account_id).sort()).toEqual([ids[0], ids[2], ids[3]])
          // The next pass warns only the one held before; then a pass is one batch that finds none.
          expect(await pass()).toBe(2)
          expect((await delivered()).map((e) => e.data.account_id)).toEqual([ids[1]])
          expect(await pass()).toBe(1)
          expect(await delivered()).toEqual([])
        })
      })

      describe("inactivity", () => {
        const since = daysFromNow(-400)

        it("is off by default and, once switched on, expires nothing before a full period has passed", async () => {
          await credit("cus_new_rule", 80, { expires_at: null })
          expect(await service.inactivityActiveSince()).toBeNull()

          await service.updateProgramSettings({ inactivity_days: 30 })
          const switchedOn = (await service.inactivityActiveSince())!
          expect(Math.abs(switchedOn.getTime() - Date.now())).toBeLessThan(60_000)
          // The account is older than 30 days by its own dates, but the rule is new.
          await raw.backdateLastActivity((await account("cus_new_rule")).id, daysFromNow(-100))
          expect(await inactivityRun(10, daysFromNow(29), 30, switchedOn)).toMatchObject({ lots: 0 })
          expect((await account("cus_new_rule")).balance).toBe(80)
          expect(await inactivityRun(10, daysFromNow(31), 30, switchedOn)).toMatchObject({ points: 80 })
          expect((await account("cus_new_rule")).balance).toBe(0)

          // Changing the period keeps the start; switching off forgets it.
          await service.updateProgramSettings({ inactivity_days: 60 })
          expect((await service.inactivityActiveSince())!.getTime()).toBe(switchedOn.getTime())
          await service.updateProgramSettings({ inactivity_days: 0 })
          expect(await service.inactivityActiveSince()).toBeNull()
        })

        it("expires the whole available balance of an inactive shopper, but not pending or held points", async () => {
          await credit("cus_idle", 100, { expires_at: daysFromNow(200) })
          await credit("cus_idle", 50, { expires_at: null })
          await credit("cus_idle", 30, { status: "pending", available_at: daysFromNow(5) })
          await service.reserve({ customer_id: "cus_idle", cart_id: "cart_idle", points: 40, expires_at: daysFromNow(1) })
          await credit("cus_busy", 100, { expires_at: null })
          const idle = await account("cus_idle")
          await raw.backdateLastActivity(idle.id, daysFromNow(-91))
          await delivered()

          expect(await inactivityRun(10, NOW, 90, since)).toMatchObject({ points: 110, accounts: 1 })
          expect(await account("cus_idle")).toMatchObject({ balance: 40, reserved: 40, pending: 30 })
          expect(await account("cus_busy")).toMatchObject({ balance: 100 })
          const rows = await service.listLoyaltyTransactions({ account_id: idle.id, type: "expire" })
          expect(rows.every((row) => (row.details as any).cause === "inactivity")).toBe(true)
          const [event] = await delivered()
          expect(event).toMatchObject({ name: "loyalty.points_expired", data: { customer_id: "cus_idle", points: 110 } })
        })

        it("warns an inactive shopper once per quiet period, and again after new activity", async () => {
          await credit("cus_quiet", 100, { expires_at: null })
          const quiet = await account("cus_quiet")
          await raw.backdateLastActivity(quiet.id, daysFromNow(-80))
          await credit("cus_recent", 100, { expires_at: null })
          await delivered()

          // 90 days of inactivity, warned 14 days ahead.
          const warn = (now = NOW) =>
            runBatches(async ({ after }) => {
              const batch = await service.warnInactiveBatch({
                now,
                inactive_before: new Date(now.getTime() - 90 * DAY),
                warn_before: new Date(now.getTime() - 76 * DAY),
                active_since: since,
                inactivity_days: 90,
                after,
                limit: 1,
              })
              return { next_after: batch.last_account_id, skipped: 0, lots: 0, points: 0, accounts: batch.accounts }
            })
          expect((await warn()).accounts).toBe(1)
          expect((await warn()).accounts).toBe(0)
          const [event] = await delivered()
          expect(event).toMatchObject({
            name: "loyalty.points_expiring",
            data: { reason: "inactivity", customer_id: "cus_quiet", points: 100 },
          })
          expect(new Date(event.data.expires_at as string).getTime()).toBe(daysFromNow(10).getTime())

          // Spending counts as activity; a later quiet period warns again.
          await service.debit({ customer_id: "cus_quiet", type: "redeem", points: 10, idempotency_key: "quiet:spend" })
          expect((await account("cus_quiet") as any).last_activity_at.getTime()).toBeGreaterThan(NOW.getTime() - 60_000)
          expect((await warn(daysFromNow(70))).accounts).toBe(0)
          await delivered()
          expect((await warn(daysFromNow(80))).accounts).toBe(2)
          expect((await delivered()).map((e) => e.data.customer_id).sort()).toEqual(["cus_quiet", "cus_recent"])
        })
      })

      describe("release of pending points", () => {
        it("releases due lots set-based, pays debt first where there is some, and announces each account once", async () => {
          for (const customer of ["cus_r1", "cus_r2", "cus_r3"]) {
            await credit(customer, 100, { status: "pending", available_at: daysFromNow(-1) })
            await credit(customer, 10, { status: "pending", available_at: daysFromNow(5) })
          }
          // cus_r3 owes 30 points from a clawback.
          const spent = await credit("cus_r3", 30, { type: "earn", order_id: "order_r3" })
          await service.debit({ customer_id: "cus_r3", type: "redeem", points: 30, idempotency_key: "r3:spend" })
          await service.reverse({ transaction_id: spent.id, points: 30, idempotency_key: "r3:clawback" })
          expect((await account("cus_r3")).balance).toBe(-30)
          await delivered()

          const [first, second] = await Promise.all([
            runBatches((sweep) => service.releaseDueBatch({ now: NOW, ...sweep, limit: 1 })),
            runBatches((sweep) => service.releaseDueBatch({ now: NOW, ...sweep, limit: 1 })),
          ])
          expect(first.lots + second.lots).toBe(3)
          expect(await account("cus_r1")).toMatchObject({ balance: 100, pending: 10 })
          expect(await account("cus_r3")).toMatchObject({ balance: 70, pending: 10 })
          const events = await delivered()
          expect(events.map((e) => [e.name, e.data.customer_id, e.data.points]).sort()).toEqual([
            ["loyalty.points_available", "cus_r1", 100],
            ["loyalty.points_available", "cus_r2", 100],
            ["loyalty.points_available", "cus_r3", 100],
          ])
        })

        it("releases, in the same run, the lots of an account another transaction (a checkout, an expiry batch) held as the run began", async () => {
          await credit("cus_rh1", 40, { status: "pending", available_at: daysFromNow(-1) })
          await credit("cus_rh2", 60, { status: "pending", available_at: daysFromNow(-1) })
          const held = await account("cus_rh1")
          const trx = await MikroOrmWrapper.getManager().getKnex().transaction()
          await trx.raw("SELECT id FROM loyalty_account WHERE id = ? FOR UPDATE", [held.id])
          const checkoutEnds = new Promise((resolve) => setTimeout(resolve, 1000)).then(() => trx.commit())
          const run = await runBatches((sweep) => service.releaseDueBatch({ now: NOW, ...sweep, limit: 10 }))
          await checkoutEnds
          expect(run).toMatchObject({ lots: 2, points: 100, skipped: 0 })
          expect(await account("cus_rh1")).toMatchObject({ balance: 40, pending: 0 })
          expect(await account("cus_rh2")).toMatchObject({ balance: 60, pending: 0 })
        })
      })

      describe("event delivery", () => {
        it("keeps events whose sending failed, and gives each to one of two deliveries at once", async () => {
          await credit("cus_e1", 10, { expires_at: daysFromNow(-1) })
          await credit("cus_e2", 10, { expires_at: daysFromNow(-1) })
          await expireRun(10)

          await expect(
            service.deliverEvents(10, async () => {
              throw new Error("event bus down")
            })
          ).rejects.toThrow("event bus down")

          const seen: string[] = []
          const slowSend = async (events: OutboxEvent[]) => {
            seen.push(...events.map((e) => e.id))
            await new Promise((resolve) => setTimeout(resolve, 200))
          }
          const counts = await Promise.all([service.deliverEvents(1, slowSend), service.deliverEvents(1, slowSend)])
          expect(counts).toEqual([1, 1])
          expect(new Set(seen).size).toBe(2)
          expect(await delivered()).toEqual([])
        })
      })
    })
})
