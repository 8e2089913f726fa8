import { runBatches } from "../../../workflows/jobs/steps/run-batches"
import { loyaltyModuleTestRunner } from "./loyalty-module-runner"
import { rawLedgerEdits } from "./raw-ledger-edits"

jest.setTimeout(60_000)

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * HOUR)

/**
 * Held points are the cart's until commit or release (DESIGN §3). The story:
 * Monday 09:00 a shopper applies 60 points of a 100-point lot that expires
 * Tuesday 02:00; the order is placed Tuesday 09:00. The service reads the
 * clock, so the tests hold the cart on "Monday" (now, the lot still 17 hours
 * from expiring), then move the lot's expiry to 02:00 of a "Tuesday" whose
 * 09:00 is now, and give the expiry job its own moment (03:00).
 */
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
  const hold = (customer_id: string, cart_id: string, points: number) =>
    service.reserve({ customer_id, cart_id, points, expires_at: hoursFromNow(24) })
  /** It is Tuesday 09:00: the lot expired at 02:00. */
  const lotExpiredAt0200 = (lotId: string) => raw.backdateLotExpiry(lotId, hoursFromNow(-7))
  /** The nightly job, run at 03:00. */
  const expiryJobAt0300 = () =>
    runBatches((sweep) => service.expireDueBatch({ phase: "lots", now: hoursFromNow(-6), ...sweep, limit: 100 }))
  const expireRows = async (lotId: string) =>
    (await service.listLoyaltyTransactions({ reference: lotId, type: "expire" })).map((row) => row.points).sort((a, b) => a - b)
  const lotRemaining = async (lotId: string) => (await service.listLoyaltyTransactions({ id: lotId }))[0].remaining

  describe("held points", () => {
    afterEach(async () => {
      expect(await service.verifyAccounts()).toEqual([])
    })

    describe("a lot that expires between hold and commit", () => {
      it("is spared by the expiry job for the cart, and the order spends the held points without debt", async () => {
        const lot = await credit("cus_job", 100, { expires_at: hoursFromNow(17) })
        await hold("cus_job", "cart_job", 60)

        await lotExpiredAt0200(lot.id)
        expect(await expiryJobAt0300()).toMatchObject({ lots: 1, points: 40 })
        expect(await account("cus_job")).toMatchObject({ balance: 60, reserved: 60 })

        const { transaction } = (await service.commitReservation({ cart_id: "cart_job", order_id: "order_job" }))!
        expect(transaction).toMatchObject({ type: "redeem", points: -60, unsettled: null })
        expect(transaction!.details!.lots).toEqual([{ lot_id: lot.id, points: 60 }])
        expect(await account("cus_job")).toMatchObject({ balance: 0, reserved: 0, lifetime_spent: 60 })
        expect(await expireRows(lot.id)).toEqual([-40])
        expect(await lotRemaining(lot.id)).toBe(0)
      })

      it("is spent by the order when no job ran in between, and only the unheld part expires", async () => {
        const lot = await credit("cus_nojob", 100, { expires_at: hoursFromNow(17) })
        await hold("cus_nojob", "cart_nojob", 60)
        await lotExpiredAt0200(lot.id)

        const { transaction } = (await service.commitReservation({ cart_id: "cart_nojob", order_id: "order_nojob" }))!
        expect(transaction).toMatchObject({ points: -60, unsettled: null })
        expect(transaction!.details!.lots).toEqual([{ lot_id: lot.id, points: 60 }])
        expect(await account("cus_nojob")).toMatchObject({ balance: 0, reserved: 0, lifetime_spent: 60 })
        expect(await expireRows(lot.id)).toEqual([-40])
      })

      it("expires the held points when the hold is released instead, never going negative", async () => {
        const lot = await credit("cus_rel", 100, { expires_at: hoursFromNow(17) })
        await hold("cus_rel", "cart_rel", 60)
        await lotExpiredAt0200(lot.id)
        await expiryJobAt0300()
        expect(await account("cus_rel")).toMatchObject({ balance: 60, reserved: 60 })

        await service.releaseReservation("cart_rel")
        expect(await account("cus_rel")).toMatchObject({ balance: 0, reserved: 0, lifetime_spent: 0 })
        expect(await expireRows(lot.id)).toEqual([-60, -40])
        expect(await service.commitReservation({ cart_id: "cart_rel", order_id: "order_rel" })).toBeNull()
        expect(await expiryJobAt0300()).toMatchObject({ lots: 0 })
        expect(await account("cus_rel")).toMatchObject({ balance: 0 })
      })

      it("pays for fewer points than held from the first-expiring held lots and gives the rest back", async () => {
        const soon = await credit("cus_part", 100, { expires_at: hoursFromNow(17) })
        const later = await credit("cus_part", 100, { expires_at: hoursFromNow(30 * 24) })
        const reservation = await hold("cus_part", "cart_part", 150)
        expect(reservation.lots).toEqual([
          { lot_id: soon.id, points: 100 },
          { lot_id: later.id, points: 50 },
        ])
        await lotExpiredAt0200(soon.id)
        // The whole lot is held: the job has nothing to expire.
        expect(await expiryJobAt0300()).toMatchObject({ lots: 0 })

        const { transaction } = (await service.commitReservation({ cart_id: "cart_part", order_id: "order_part", points: 120 }))!
        expect(transaction!.details!.lots).toEqual([
          { lot_id: soon.id, points: 100 },
          { lot_id: later.id, points: 20 },
        ])
        expect(await account("cus_part")).toMatchObject({ balance: 80, reserved: 0, lifetime_spent: 120 })
        expect(await lotRemaining(later.id)).toBe(80)
      })
    })

    describe("holds and other debits", () => {
      it("re-allocates a replaced amount first-expiring first, the cart keeping its earliest points", async () => {
        const soon = await credit("cus_repl", 100, { expires_at: hoursFromNow(17) })
        const later = await credit("cus_repl", 100, { expires_at: hoursFromNow(30 * 24) })
        await hold("cus_repl", "cart_repl", 60)
        const grown = await hold("cus_repl", "cart_repl", 150)
        expect(grown.lots).toEqual([
          { lot_id: soon.id, points: 100 },
          { lot_id: later.id, points: 50 },
        ])
        await lotExpiredAt0200(soon.id)
        expect(await expiryJobAt0300()).toMatchObject({ lots: 0 })

        // Tuesday the shopper lowers the points: the cart keeps 30 of the expired lot, its other 70 expire now.
        const shrunk = await hold("cus_repl", "cart_repl", 30)
        expect(shrunk.lots).toEqual([{ lot_id: soon.id, points: 30 }])
        expect(await expireRows(soon.id)).toEqual([-70])
        expect(await account("cus_repl")).toMatchObject({ balance: 130, reserved: 30 })

        await service.commitReservation({ cart_id: "cart_repl", order_id: "order_repl" })
        expect(await account("cus_repl")).toMatchObject({ balance: 100, reserved: 0, lifetime_spent: 30 })
        expect(await lotRemaining(soon.id)).toBe(0)
        expect(await lotRemaining(later.id)).toBe(100)
      })

      it("keeps a debit off the points a cart holds", async () => {
        const soon = await credit("cus_debit", 100, { expires_at: hoursFromNow(17) })
        const later = await credit("cus_debit", 100, { expires_at: hoursFromNow(30 * 24) })
        await hold("cus_debit", "cart_debit", 60)
        const debit = await service.debit({ customer_id: "cus_debit", type: "redeem", points: 50, idempotency_key: "debit:held" })
        expect(debit.details!.lots).toEqual([
          { lot_id: soon.id, points: 40 },
          { lot_id: later.id, points: 10 },
        ])
        const { transaction } = (await service.commitReservation({ cart_id: "cart_debit", order_id: "order_debit" }))!
        expect(transaction!.details!.lots).toEqual([{ lot_id: soon.id, points: 60 }])
        expect(await account("cus_debit")).toMatchObject({ balance: 90, lifetime_spent: 110 })
      })

      it("makes a clawback that meets held points debt instead of taking them, which the order then spends", async () => {
        const earned = await credit("cus_claw", 100, { order_id: "order_earned" })
        await hold("cus_claw", "cart_claw", 60)
        const reversal = await service.reverse({ transaction_id: earned.id, points: 100, idempotency_key: "claw:cancel" })
        expect(reversal).toMatchObject({ type: "reversal", points: -100, unsettled: 60 })
        expect(reversal!.details!.lots).toEqual([{ lot_id: earned.id, points: 40 }])
        expect(await lotRemaining(earned.id)).toBe(60)
        expect(await account("cus_claw")).toMatchObject({ balance: 0, reserved: 60 })

        // The points were promised to the order: it gets them, and the shopper owes them.
        const { transaction } = (await service.commitReservation({ cart_id: "cart_claw", order_id: "order_claw" }))!
        expect(transaction).toMatchObject({ points: -60, unsettled: null })
        expect(transaction!.details!.lots).toEqual([{ lot_id: earned.id, points: 60 }])
        expect(await account("cus_claw")).toMatchObject({ balance: -60, reserved: 0 })
      })

      it("pays a clawback's debt with the held points when the hold is released, even with negative balances off", async () => {
        await service.updateProgramSettings({ allow_negative_balance: false })
        const earned = await credit("cus_claw2", 100, { order_id: "order_earned2" })
        await hold("cus_claw2", "cart_claw2", 60)
        const reversal = await service.reverse({ transaction_id: earned.id, points: 100, idempotency_key: "claw2:cancel" })
        expect(reversal).toMatchObject({ points: -100, unsettled: 60 })
        expect((reversal!.details as any).shortfall).toBeUndefined()

        await service.releaseReservation("cart_claw2")
        expect(await account("cus_claw2")).toMatchObject({ balance: 0, reserved: 0 })
        expect(await lotRemaining(earned.id)).toBe(0)
        const [debt] = await service.listLoyaltyTransactions({ id: reversal!.id })
        expect(debt.unsettled).toBe(0)
        // Everything the lot had is taken back: a second clawback finds nothing.
        await credit("cus_claw2", 500)
        expect(await service.reverse({ transaction_id: earned.id, points: 100, idempotency_key: "claw2:again" })).toBeNull()
        expect(await account("cus_claw2")).toMatchObject({ balance: 500 })
      })
    })

    describe("inactivity", () => {
      it("spares the points a cart holds, in the lots they come from, and its order spends them", async () => {
        const dated = await credit("cus_idle", 100, { expires_at: hoursFromNow(200 * 24) })
        const undated = await credit("cus_idle", 50, { expires_at: null })
        await hold("cus_idle", "cart_idle", 60)
        const idle = await account("cus_idle")
        await raw.backdateLastActivity(idle.id, new Date(Date.now() - 100 * DAY))
        const inactive = {
          phase: "inactivity" as const,
          now: new Date(),
          inactive_before: new Date(Date.now() - 90 * DAY),
          active_since: new Date(Date.now() - 400 * DAY),
        }
        expect(await runBatches((sweep) => service.expireDueBatch({ ...inactive, ...sweep, limit: 10 }))).toMatchObject({
          points: 90,
        })
        expect(await expireRows(dated.id)).toEqual([-40])
        expect(await expireRows(undated.id)).toEqual([-50])

        const { transaction } = (await service.commitReservation({ cart_id: "cart_idle", order_id: "order_idle" }))!
        expect(transaction!.details!.lots).toEqual([{ lot_id: dated.id, points: 60 }])
        expect(await account("cus_idle")).toMatchObject({ balance: 0, reserved: 0 })
      })
    })
  })
})
