import { loyaltyModuleTestRunner } from "./loyalty-module-runner"
import { rawLedgerEdits } from "./raw-ledger-edits"
import { programSettingsPatchSchema } from "../program-settings"

jest.setTimeout(60_000)

const DAY = 24 * 60 * 60 * 1000
const inDays = (days: number) => new Date(Date.now() + days * DAY)

loyaltyModuleTestRunner(({ service, MikroOrmWrapper }) => {
    const raw = rawLedgerEdits(MikroOrmWrapper)
    let seq = 0
    const key = (name: string) => `${name}:${++seq}`

    const credit = (customer_id: string, points: number, extra: Record<string, unknown> = {}) =>
      service.credit({
        customer_id,
        type: "bonus",
        status: "available",
        points,
        idempotency_key: key("credit"),
        ...extra,
      } as any)

    const account = async (customer_id: string) => service.getOrCreateAccount(customer_id)
    /** A run of the pending-release job at `now` (the accounts fit one batch). */
    const releaseJobAt = (now: Date) => service.releaseDueBatch({ now, after: null, limit: 100 })
    /** A run of the expiry job now (the accounts fit one batch). */
    const expiryJob = () => service.expireDueBatch({ phase: "lots", now: new Date(), after: null, limit: 100 })

    // Nested so it runs before the runner's own afterEach clears the database.
    describe("the loyalty ledger", () => {
    afterEach(async () => {
      // The ledger invariants hold after every scenario.
      expect(await service.verifyAccounts()).toEqual([])
    })

    describe("credits and idempotency", () => {
      it("credits an available lot and raises the balance", async () => {
        await credit("cus_a", 500)
        const a = await account("cus_a")
        expect(a).toMatchObject({ balance: 500, pending: 0, lifetime_earned: 500 })
      })

      it("writes one row when the same idempotency key is sent twice", async () => {
        const input = {
          customer_id: "cus_b",
          type: "earn" as const,
          status: "available" as const,
          points: 120,
          idempotency_key: "earn:order_1",
        }
        const first = await service.credit(input)
        const second = await service.credit(input)
        expect(second.id).toBe(first.id)
        const rows = await service.listLoyaltyTransactions({ idempotency_key: "earn:order_1" })
        expect(rows).toHaveLength(1)
        expect((await account("cus_b")).balance).toBe(120)
      })

      it("writes one row when the same key arrives concurrently", async () => {
        const input = {
          customer_id: "cus_c",
          type: "earn" as const,
          status: "available" as const,
          points: 70,
          idempotency_key: "earn:order_concurrent",
        }
        await Promise.all(Array.from({ length: 10 }, () => service.credit(input)))
        const rows = await service.listLoyaltyTransactions({ account_id: (await account("cus_c")).id })
        expect(rows).toHaveLength(1)
        expect((await account("cus_c")).balance).toBe(70)
      })

      it("refuses a reused key that names a different operation", async () => {
        await service.credit({
          customer_id: "cus_d",
          type: "bonus",
          status: "available",
          points: 10,
          idempotency_key: "bonus:reused",
        })
        await expect(
          service.credit({
            customer_id: "cus_d",
            type: "bonus",
            status: "available",
            points: 99,
            idempotency_key: "bonus:reused",
          })
        ).rejects.toThrow(/already used for a different operation/)
        expect((await account("cus_d")).balance).toBe(10)
      })

      it("rejects points that are not positive whole numbers", async () => {
        for (const points of [0, -5, 1.5, 2 ** 53, Number.NaN]) {
          await expect(credit("cus_e", points)).rejects.toThrow(/points must be/)
        }
        const rows = await service.listLoyaltyTransactions({})
        expect(rows).toHaveLength(0)
      })
    })

    describe("pending points", () => {
      it("keeps pending points out of the balance until released, once", async () => {
        const lot = await credit("cus_p", 300, { status: "pending", available_at: inDays(14) })
        expect(await account("cus_p")).toMatchObject({ balance: 0, pending: 300 })

        expect(await releaseJobAt(inDays(15))).toMatchObject({ lots: 1, points: 300 })
        expect(await releaseJobAt(inDays(15))).toMatchObject({ lots: 0, points: 0 })
        expect(await account("cus_p")).toMatchObject({ balance: 300, pending: 0 })
      })
    })

    describe("debits", () => {
      it("spends the soonest-expiring lot first", async () => {
        const never = await credit("cus_f", 100, { expires_at: null })
        const late = await credit("cus_f", 100, { expires_at: inDays(30) })
        const soon = await credit("cus_f", 100, { expires_at: inDays(3) })

        const debit = await service.debit({
          customer_id: "cus_f",
          type: "redeem",
          points: 150,
          idempotency_key: "redeem:fifo",
        })

        const lots = await service.listLoyaltyTransactions({ id: [never.id, late.id, soon.id] })
        const remaining = Object.fromEntries(lots.map((l) => [l.id, l.remaining]))
        expect(remaining[soon.id]).toBe(0)
        expect(remaining[late.id]).toBe(50)
        expect(remaining[never.id]).toBe(100)
        expect(debit.points).toBe(-150)
        expect((debit.details as any).lots).toEqual([
          { lot_id: soon.id, points: 100 },
          { lot_id: late.id, points: 50 },
        ])
        expect(await account("cus_f")).toMatchObject({ balance: 150, lifetime_spent: 150 })
      })

      it("never overdraws under 50 concurrent debits", async () => {
        await credit("cus_g", 300)
        const results = await Promise.allSettled(
          Array.from({ length: 50 }, (_, i) =>
            service.debit({
              customer_id: "cus_g",
              type: "redeem",
              points: 10,
              idempotency_key: `redeem:concurrent:${i}`,
            })
          )
        )
        const succeeded = results.filter((r) => r.status === "fulfilled")
        const refused = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[]
        expect(succeeded).toHaveLength(30)
        expect(refused).toHaveLength(20)
        for (const r of refused) {
          expect(r.reason.message).toMatch(/Not enough points/)
        }
        expect(await account("cus_g")).toMatchObject({ balance: 0, lifetime_spent: 300 })
      })

      it("refuses a debit above the spendable points and writes nothing", async () => {
        await credit("cus_h", 40)
        await expect(
          service.debit({ customer_id: "cus_h", type: "redeem", points: 41, idempotency_key: "r:h" })
        ).rejects.toThrow("Not enough points: 41 requested, 40 available")
        expect(await service.listLoyaltyTransactions({ idempotency_key: "r:h" })).toHaveLength(0)
        expect((await account("cus_h")).balance).toBe(40)
      })

      it("never spends a lot past its expiry; it is expired instead", async () => {
        await credit("cus_x", 100, { expires_at: new Date(Date.now() - 1000) })
        await credit("cus_x", 30, { expires_at: inDays(10) })
        await expect(
          service.debit({ customer_id: "cus_x", type: "redeem", points: 50, idempotency_key: "r:x" })
        ).rejects.toThrow("Not enough points: 50 requested, 30 available")
        // The refusal rolled everything back, the overdue expiry included.
        const a = await account("cus_x")
        expect(await service.listLoyaltyTransactions({ account_id: a.id, type: "expire" })).toEqual([])

        const debit = await service.debit({ customer_id: "cus_x", type: "redeem", points: 30, idempotency_key: "r:x2" })
        expect((debit.details as any).lots.map((l: any) => l.points)).toEqual([30])
        expect((await account("cus_x")).balance).toBe(0)
        const expired = await service.listLoyaltyTransactions({ account_id: a.id, type: "expire" })
        expect(expired.map((t) => t.points)).toEqual([-100])
      })
    })

    describe("manual adjustments", () => {
      it("credits with an expiry and debits without overdrawing", async () => {
        const plus = await service.adjust({
          customer_id: "cus_adj",
          points: 200,
          reason: "Apology",
          expires_at: inDays(7),
          idempotency_key: "adjust:1",
        })
        expect(plus).toMatchObject({ type: "adjust", points: 200, reason: "Apology" })
        const minus = await service.adjust({
          customer_id: "cus_adj",
          points: -50,
          reason: "Correction",
          idempotency_key: "adjust:2",
        })
        expect(minus).toMatchObject({ type: "adjust", points: -50 })
        await expect(
          service.adjust({ customer_id: "cus_adj", points: -151, reason: "Too much", idempotency_key: "adjust:3" })
        ).rejects.toThrow(/Not enough points/)
        expect((await account("cus_adj")).balance).toBe(150)
      })
    })

    describe("reservations", () => {
      it("holds points for a cart, replaces the amount and commits it once", async () => {
        await credit("cus_r", 150)
        await service.reserve({ customer_id: "cus_r", cart_id: "cart_1", points: 100, expires_at: inDays(1) })
        await service.reserve({ customer_id: "cus_r", cart_id: "cart_1", points: 120, expires_at: inDays(1) })
        expect(await account("cus_r")).toMatchObject({ balance: 150, reserved: 120 })

        await expect(
          service.debit({ customer_id: "cus_r", type: "redeem", points: 31, idempotency_key: "r:r" })
        ).rejects.toThrow("Not enough points: 31 requested, 30 available")

        const [a, b] = await Promise.all([
          service.commitReservation({ cart_id: "cart_1", order_id: "order_1" }),
          service.commitReservation({ cart_id: "cart_1", order_id: "order_1" }),
        ])
        expect(a!.transaction!.id).toBe(b!.transaction!.id)
        expect([a!.transaction!.replayed, b!.transaction!.replayed].filter(Boolean)).toHaveLength(1)
        expect(a!.transaction).toMatchObject({ type: "redeem", points: -120, order_id: "order_1" })
        expect(await account("cus_r")).toMatchObject({ balance: 30, reserved: 0, lifetime_spent: 120 })
      })

      it("never reserves more than the balance across carts", async () => {
        await credit("cus_s", 100)
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) =>
            service.reserve({ customer_id: "cus_s", cart_id: `cart_s${i}`, points: 30, expires_at: inDays(1) })
          )
        )
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3)
        expect((await account("cus_s")).reserved).toBe(90)
      })

      it("gives held points back on release, once", async () => {
        await credit("cus_t", 80)
        await service.reserve({ customer_id: "cus_t", cart_id: "cart_t", points: 80, expires_at: inDays(1) })
        await service.releaseReservation("cart_t")
        expect(await service.releaseReservation("cart_t")).toBeNull()
        expect(await account("cus_t")).toMatchObject({ balance: 80, reserved: 0 })
        expect(await service.commitReservation({ cart_id: "cart_t", order_id: "o" })).toBeNull()
        expect(await account("cus_t")).toMatchObject({ balance: 80, reserved: 0 })
      })

      it("still charges a released hold whose discount the order got, and only what the order got", async () => {
        await service.adjust({ customer_id: "cus_u", points: 100, reason: "seed", idempotency_key: "s:u" })
        await service.reserve({ customer_id: "cus_u", cart_id: "cart_u", points: 80, expires_at: new Date(Date.now() + DAY) })
        await service.releaseReservation("cart_u")
        const first = await service.commitReservation({ cart_id: "cart_u", order_id: "o_u", points: 60 })
        expect(first!.transaction).toMatchObject({ type: "redeem", points: -60, order_id: "o_u" })
        const again = await service.commitReservation({ cart_id: "cart_u", order_id: "o_u", points: 60 })
        expect(again!.transaction).toMatchObject({ id: first!.transaction!.id, replayed: true })
        expect(await account("cus_u")).toMatchObject({ balance: 40, reserved: 0, lifetime_spent: 60 })
      })

      it("releases the rest of a hold when the order got less than it", async () => {
        await service.adjust({ customer_id: "cus_v", points: 100, reason: "seed", idempotency_key: "s:v" })
        await service.reserve({ customer_id: "cus_v", cart_id: "cart_v", points: 80, expires_at: new Date(Date.now() + DAY) })
        await service.commitReservation({ cart_id: "cart_v", order_id: "o_v", points: 30 })
        expect(await account("cus_v")).toMatchObject({ balance: 70, reserved: 0, lifetime_spent: 30 })
      })
    })

    describe("reversals", () => {
      it("voids a pending lot and never reverses it twice", async () => {
        const lot = await credit("cus_v", 200, { type: "earn", status: "pending", order_id: "order_v" })
        await service.reverse({ transaction_id: lot.id, points: 80, idempotency_key: "reverse:return_1" })
        expect(await account("cus_v")).toMatchObject({ pending: 120, lifetime_earned: 120 })
        await service.reverse({ transaction_id: lot.id, points: 500, idempotency_key: "reverse:cancel" })
        expect(await service.reverse({ transaction_id: lot.id, points: 10, idempotency_key: "reverse:again" })).toBeNull()
        const [voided] = await service.listLoyaltyTransactions({ id: lot.id })
        expect(voided).toMatchObject({ status: "void", remaining: 0 })
        expect(await account("cus_v")).toMatchObject({ pending: 0, balance: 0, lifetime_earned: 0 })
      })

      it("lets a clawback of spent points go negative, and later credits pay the debt first", async () => {
        const earned = await credit("cus_w", 100, { type: "earn", order_id: "order_w" })
        await service.debit({ customer_id: "cus_w", type: "redeem", points: 70, idempotency_key: "r:w" })
        const reversal = await service.reverse({
          transaction_id: earned.id,
          points: 100,
          idempotency_key: "reverse:order_w",
        })
        expect(reversal).toMatchObject({ type: "reversal", points: -100, unsettled: 70 })
        expect((await account("cus_w")).balance).toBe(-70)

        const bonus = await credit("cus_w", 50)
        expect(bonus.remaining).toBe(0)
        expect((await account("cus_w")).balance).toBe(-20)
        const more = await credit("cus_w", 50)
        expect(more.remaining).toBe(30)
        expect((await account("cus_w")).balance).toBe(30)
      })

      it("records the shortfall instead of debt when negative balances are off", async () => {
        await service.updateProgramSettings({ allow_negative_balance: false })
        const earned = await credit("cus_n", 100, { type: "earn", order_id: "order_n" })
        await service.debit({ customer_id: "cus_n", type: "redeem", points: 70, idempotency_key: "r:n" })
        const reversal = await service.reverse({ transaction_id: earned.id, points: 100, idempotency_key: "rev:n" })
        expect(reversal).toMatchObject({ points: -30, unsettled: null })
        expect((reversal!.details as any).shortfall).toBe(70)
        expect((await account("cus_n")).balance).toBe(0)
        // The uncollected part counts as reversed: a second reversal takes nothing.
        await credit("cus_n", 500)
        expect(await service.reverse({ transaction_id: earned.id, points: 100, idempotency_key: "rev:n2" })).toBeNull()
        expect((await account("cus_n")).balance).toBe(500)
      })

      it("never takes back points that already expired from the lot", async () => {
        const lot = await credit("cus_z", 100, { type: "earn", expires_at: new Date(Date.now() - 1000) })
        await credit("cus_z", 100, { expires_at: inDays(30) })
        await expiryJob()
        expect((await account("cus_z")).balance).toBe(100)
        expect(await service.reverse({ transaction_id: lot.id, points: 100, idempotency_key: "rev:z" })).toBeNull()
        expect((await account("cus_z")).balance).toBe(100)
      })
    })

    describe("expiry", () => {
      it("expires a due lot once, with one expire row", async () => {
        const lot = await credit("cus_exp", 60, { expires_at: new Date(Date.now() - 1000) })
        await Promise.all([expiryJob(), expiryJob()])
        const a = await account("cus_exp")
        expect(a.balance).toBe(0)
        const rows = await service.listLoyaltyTransactions({ account_id: a.id, type: "expire" })
        expect(rows).toHaveLength(1)
        expect(rows[0]).toMatchObject({ points: -60, reference: lot.id })
      })

      it("does not expire points held for a cart until the hold ends", async () => {
        const lot = await credit("cus_held", 100, { expires_at: inDays(1) })
        await service.reserve({ customer_id: "cus_held", cart_id: "cart_held", points: 60, expires_at: inDays(1) })
        await raw.backdateLotExpiry(lot.id, new Date(Date.now() - 1000))

        expect(await expiryJob()).toMatchObject({ lots: 1, points: 40 })
        expect(await account("cus_held")).toMatchObject({ balance: 60, reserved: 60 })

        // The hold ends: the points it spared expire with it.
        await service.releaseReservation("cart_held")
        expect(await expiryJob()).toMatchObject({ lots: 0, points: 0 })
        const expired = await service.listLoyaltyTransactions({ reference: lot.id, type: "expire" })
        expect(expired.map((row) => row.points).sort((a, b) => a - b)).toEqual([-60, -40])
        expect(await account("cus_held")).toMatchObject({ balance: 0, reserved: 0 })
      })

      it("does not expire a lot before its time", async () => {
        const lot = await credit("cus_exp2", 60, { expires_at: inDays(1) })
        expect(await expiryJob()).toMatchObject({ lots: 0, points: 0 })
        expect((await account("cus_exp2")).balance).toBe(60)
      })
    })

    describe("verification", () => {
      it("reports a cached figure that drifted from the ledger", async () => {
        const a = await account("cus_drift")
        await credit("cus_drift", 10)
        await raw.overwriteAccountFigure(a.id, "balance", 11)
        expect(await service.verifyAccounts([a.id])).toEqual([
          { account_id: a.id, field: "balance", expected: 10, actual: 11 },
        ])
        await raw.overwriteAccountFigure(a.id, "balance", 10)
      })
    })

    describe("program settings", () => {
      it("returns the defaults and stores a partial update", async () => {
        expect(await service.getProgramSettings()).toMatchObject({
          enabled: true,
          earn_percent: 5,
          max_redeem_percent: 30,
          pending_days: 14,
          expiry_days: 365,
          allow_negative_balance: true,
        })
        const saved = await service.updateProgramSettings({ earn_percent: 7.5, point_values: { eur: 0.01 } })
        expect(saved).toMatchObject({ earn_percent: 7.5, point_values: { eur: 0.01 }, pending_days: 14 })
        expect(await service.getProgramSettings()).toEqual(saved)
      })

      it("replaces point_values as a whole, so a currency can be taken out", async () => {
        await service.updateProgramSettings({ point_values: { eur: 0.01, usd: 0.02 } })
        const saved = await service.updateProgramSettings({ point_values: { usd: 0.03 } })
        expect(saved.point_values).toEqual({ usd: 0.03 })
        await service.updateProgramSettings({ earn_percent: 3 })
        expect((await service.getProgramSettings()).point_values).toEqual({ usd: 0.03 })
      })

      it("starts with the referral program off and changes the parts of it named, keeping the rest", async () => {
        expect((await service.getProgramSettings()).referrals).toMatchObject({ enabled: false, referrer_points: 0, review_default: "reject" })
        await service.updateProgramSettings({ referrals: { enabled: true, referrer_points: 500, min_order_amount: { eur: 30 } } })
        const saved = await service.updateProgramSettings({ referrals: { referee_points: 200 } })
        expect(saved.referrals).toMatchObject({ enabled: true, referrer_points: 500, referee_points: 200, min_order_amount: { eur: 30 }, monthly_cap: null })
        expect((await service.getProgramSettings()).referrals).toEqual(saved.referrals)
      })

      it("refuses referral settings that could not work, naming the part", () => {
        const refused = (referrals: unknown) => programSettingsPatchSchema.safeParse({ referrals }).error?.issues[0]
        expect(refused({ min_order_amount: { EURO: 30 } })?.message).toMatch(/referrals.min_order_amount: "EURO" is not a currency code/)
        expect(refused({ referrer_percent: 120 })?.path).toEqual(["referrals", "referrer_percent"])
        expect(refused({ external_sources: [{ points: 100 }] })?.message).toMatch(/needs a utm_source or an origin/)
        expect(refused({ coupon: { type: "fixed", value: 10 } })?.path).toEqual(["referrals", "coupon", "value"])
        expect(refused({ surprise: true })?.code).toBe("unrecognized_keys")
      })
    })
    })
})
