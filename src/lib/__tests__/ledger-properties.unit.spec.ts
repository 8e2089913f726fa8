import { MathBN } from "@medusajs/framework/utils"
import fc from "fast-check"
import { figuresFromLedger } from "../account-figures"
import { allocateFifo, SpendableLot } from "../lots"
import { MAX_POINTS } from "../points"
import { proportionalShare, splitProportionally } from "../proportion"
import { ReferenceLedger } from "./reference-ledger"

const DAY = 24 * 60 * 60 * 1000
const epoch = Date.UTC(2026, 0, 1)

// Small ranges on purpose: they make equal expiries and creation times common.
const lotsArb = fc
  .array(
    fc.record({
      remaining: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constant(MAX_POINTS)),
      expires: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
      created: fc.integer({ min: 0, max: 3 }),
    }),
    { maxLength: 12 }
  )
  .map((specs) =>
    specs.map(({ remaining, expires, created }, i): SpendableLot => ({
      id: `lot_${String.fromCharCode(97 + ((i * 7) % 12))}${i}`,
      remaining,
      expires_at: expires === null ? null : new Date(epoch + expires * DAY),
      created_at: new Date(epoch + created * DAY),
    }))
  )

/** Spending order, written out independently of sortLotsForSpending. */
function spendsBefore(a: SpendableLot, b: SpendableLot): boolean {
  const ea = a.expires_at?.getTime() ?? Infinity
  const eb = b.expires_at?.getTime() ?? Infinity
  if (ea !== eb) return ea < eb
  if (a.created_at.getTime() !== b.created_at.getTime()) return a.created_at < b.created_at
  return a.id < b.id
}

describe("allocateFifo (properties)", () => {
  it("covers exactly the points asked, within each lot, in spending order", () => {
    fc.assert(
      fc.property(lotsArb, fc.integer({ min: 0, max: 3 * MAX_POINTS }), fc.nat(), fc.boolean(), (lots, points, pick, prefer) => {
        const preferLotId = prefer && lots.length ? lots[pick % lots.length].id : undefined
        const { allocations, shortfall } = allocateFifo(lots, points, preferLotId)
        const byId = new Map(lots.map((lot) => [lot.id, lot]))

        expect(shortfall).toBeGreaterThanOrEqual(0)
        expect(allocations.reduce((sum, a) => sum + a.points, 0) + shortfall).toBe(points)
        expect(new Set(allocations.map((a) => a.lot_id)).size).toBe(allocations.length)
        for (const a of allocations) {
          expect(a.points).toBeGreaterThan(0)
          expect(a.points).toBeLessThanOrEqual(byId.get(a.lot_id)!.remaining)
        }
        // Every lot but the last one touched is emptied.
        allocations.slice(0, -1).forEach((a) => expect(a.points).toBe(byId.get(a.lot_id)!.remaining))

        let ordered = allocations.map((a) => byId.get(a.lot_id)!)
        if (preferLotId && byId.get(preferLotId)!.remaining > 0 && points > 0) {
          expect(ordered[0].id).toBe(preferLotId)
          ordered = ordered.slice(1)
        }
        ordered.slice(1).forEach((lot, i) => expect(spendsBefore(ordered[i], lot)).toBe(true))
        // No open lot was skipped: untouched ones come after the last taken, or nothing was left to take.
        const touched = new Set(allocations.map((a) => a.lot_id))
        const last = ordered[ordered.length - 1]
        for (const lot of lots) {
          if (lot.remaining > 0 && !touched.has(lot.id)) {
            expect(shortfall).toBe(0)
            if (last) expect(spendsBefore(last, lot)).toBe(true)
          }
        }
      })
    )
  })
})

// Money-like weights: whole numbers or up to 4 decimals, as strings built without floats.
const weightArb = fc
  .tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 4 }))
  .map(([units, decimals]) => MathBN.convert(units).shiftedBy(-decimals).toString())

describe("splitProportionally (properties)", () => {
  it("sums to the total and keeps each part within 1 of its exact share", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_POINTS }), fc.array(weightArb, { minLength: 1, maxLength: 15 }), (total, weights) => {
        const sum = MathBN.sum(...weights)
        fc.pre(sum.gt(0))
        const parts = splitProportionally(total, weights)

        expect(parts).toHaveLength(weights.length)
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total)
        parts.forEach((part, i) => {
          expect(Number.isSafeInteger(part) && part >= 0).toBe(true)
          // |part − total × w / sum| < 1  ⇔  |part × sum − total × w| < sum
          const error = MathBN.abs(MathBN.sub(MathBN.mult(part, sum), MathBN.mult(total, weights[i])))
          expect(error.lt(sum)).toBe(true)
        })
      })
    )
  })
})

describe("proportionalShare (properties)", () => {
  it("never hands out more than the total over disjoint parts of a whole", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_POINTS }),
        fc.array(weightArb, { minLength: 1, maxLength: 10 }),
        weightArb,
        (total, parts, rest) => {
          const whole = MathBN.sum(...parts, rest)
          const shares = parts.map((part) => proportionalShare(total, part, whole))
          const handedOut = shares.reduce((a, b) => a + b, 0)
          expect(handedOut).toBeLessThanOrEqual(total)
          shares.forEach((share) => expect(share).toBeGreaterThanOrEqual(0))
          // Rounding down loses less than one point per part.
          if (whole.gt(0) && MathBN.eq(rest, 0)) {
            expect(handedOut).toBeGreaterThan(total - parts.length)
          }
        }
      )
    )
  })
})

type Op =
  | { kind: "credit"; points: number; pending: boolean; expiresInDays: number | null; type: "earn" | "bonus" | "adjust" | "restore" }
  | { kind: "release"; pick: number }
  | { kind: "debit"; points: number }
  | { kind: "reverse"; pick: number; points: number }
  | { kind: "expire" }
  | { kind: "advance"; days: number }
  | { kind: "reserve"; points: number }
  | { kind: "replace"; pick: number; points: number }
  | { kind: "commit"; pick: number }
  | { kind: "releaseReservation"; pick: number }

const pointsArb = fc.integer({ min: 1, max: 400 })
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("credit" as const),
    points: pointsArb,
    pending: fc.boolean(),
    expiresInDays: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
    type: fc.constantFrom("earn" as const, "bonus" as const, "adjust" as const, "restore" as const),
  }),
  fc.record({ kind: fc.constant("release" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("debit" as const), points: pointsArb }),
  fc.record({ kind: fc.constant("reverse" as const), pick: fc.nat(), points: fc.integer({ min: 1, max: 600 }) }),
  fc.record({ kind: fc.constant("expire" as const) }),
  fc.record({ kind: fc.constant("advance" as const), days: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant("reserve" as const), points: pointsArb }),
  fc.record({ kind: fc.constant("replace" as const), pick: fc.nat(), points: pointsArb }),
  fc.record({ kind: fc.constant("commit" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("releaseReservation" as const), pick: fc.nat() })
)

const pickFrom = <T>(items: T[], pick: number): T | undefined => (items.length ? items[pick % items.length] : undefined)

function apply(ledger: ReferenceLedger, op: Op) {
  const active = ledger.reservations.filter((r) => r.status === "active")
  switch (op.kind) {
    case "credit":
      return ledger.credit({ ...op, status: op.pending ? "pending" : "available" })
    case "release": {
      const lot = pickFrom(ledger.lots.filter((l) => l.status === "pending"), op.pick)
      return lot && ledger.release(lot.id)
    }
    case "debit":
      return ledger.debit(op.points)
    case "reverse": {
      const lot = pickFrom(ledger.lots, op.pick)
      return lot && ledger.reverse(lot.id, op.points)
    }
    case "expire":
      return ledger.expireDue()
    case "advance":
      return ledger.advance(op.days)
    case "reserve":
      return ledger.reserve(op.points)
    case "replace": {
      const reservation = pickFrom(active, op.pick)
      return reservation && ledger.replace(reservation.id, op.points)
    }
    case "commit": {
      const reservation = pickFrom(active, op.pick)
      return reservation && ledger.commit(reservation.id)
    }
    case "releaseReservation": {
      const reservation = pickFrom(active, op.pick)
      return reservation && ledger.releaseReservation(reservation.id)
    }
  }
}

function expectConsistent(ledger: ReferenceLedger) {
  const { balance, pending, reserved } = ledger.figures
  expect(figuresFromLedger(ledger.rows)).toEqual({ balance, pending })
  expect(reserved).toBe(ledger.reservations.filter((r) => r.status === "active").reduce((s, r) => s + r.points, 0))
  // Every movement is on the ledger: its rows add up to what the account holds.
  expect(ledger.rows.reduce((sum, row) => sum + row.points, 0)).toBe(balance + pending)

  // Holds name lots for every point they hold, and never more of a lot than it has left.
  const held = ledger.held
  expect([...held.values()].reduce((s, p) => s + p, 0)).toBe(reserved)
  let debt = 0
  let openAvailable = 0
  for (const row of ledger.rows) {
    if (row.points > 0) {
      expect(row.remaining).toBeGreaterThanOrEqual(0)
      expect(row.remaining).toBeLessThanOrEqual(row.points)
      expect(held.get(row.id) ?? 0).toBeLessThanOrEqual(row.status === "available" ? row.remaining! : 0)
      if (row.status === "available") openAvailable += row.remaining! - (held.get(row.id) ?? 0)
    } else if (row.unsettled !== null) {
      expect(row.unsettled).toBeGreaterThanOrEqual(0)
      expect(row.unsettled).toBeLessThanOrEqual(-row.points)
      debt += row.unsettled
    }
  }
  // Debt is paid before any lot keeps points no cart holds.
  if (debt > 0) expect(openAvailable).toBe(0)
}

describe("reference ledger (properties)", () => {
  it("keeps its cached figures equal to the ledger projection after every step", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const ledger = new ReferenceLedger()
        for (const op of ops) {
          const spendableBefore = ledger.spendable
          apply(ledger, op)
          expectConsistent(ledger)
          // Only a clawback may take the account below what carts hold, or further below.
          if (op.kind !== "reverse") {
            expect(ledger.spendable).toBeGreaterThanOrEqual(Math.min(0, spendableBefore))
          }
        }
      }),
      { numRuns: 300 }
    )
  })
})

describe("reference ledger (examples)", () => {
  it("turns a clawback of spent points into debt that the next credit pays first", () => {
    const ledger = new ReferenceLedger()
    const earned = ledger.credit({ points: 100, status: "available" })
    ledger.debit(80)
    const reversal = ledger.reverse(earned.id, 100)!
    expect(reversal.unsettled).toBe(80)
    expect(ledger.figures.balance).toBe(-80)

    const bonus = ledger.credit({ points: 50, status: "available", type: "bonus" })
    expect(bonus.remaining).toBe(0)
    expect(reversal.unsettled).toBe(30)
    expect(figuresFromLedger(ledger.rows).balance).toBe(-30)
    expect(ledger.reverse(earned.id, 1)).toBeNull() // nothing left to take back
  })

  it("does not expire points held for a cart until the hold ends", () => {
    const ledger = new ReferenceLedger()
    ledger.credit({ points: 100, status: "available", expiresInDays: 3 })
    const hold = ledger.reserve(60)!
    ledger.advance(5)
    expect(ledger.expireDue().map((row) => row.points)).toEqual([-40])
    expect(ledger.figures).toEqual({ balance: 60, pending: 0, reserved: 60 })

    // The hold ends: the points it spared expire with it.
    ledger.releaseReservation(hold.id)
    expect(ledger.rows.filter((row) => row.type === "expire").map((row) => row.points)).toEqual([-40, -60])
    expect(ledger.expireDue()).toEqual([])
    expect(ledger.figures.balance).toBe(0)
  })

  it("lets the order spend the held points of a lot that expired between hold and commit", () => {
    const ledger = new ReferenceLedger()
    const lot = ledger.credit({ points: 100, status: "available", expiresInDays: 1 })
    const later = ledger.credit({ points: 100, status: "available", expiresInDays: 30 })
    const hold = ledger.reserve(60)!
    expect(hold.lots).toEqual([{ lot_id: lot.id, points: 60 }])
    ledger.advance(2)
    expect(ledger.expireDue().map((row) => row.points)).toEqual([-40])

    const redeem = ledger.commit(hold.id)!
    expect(redeem).toMatchObject({ points: -60, unsettled: null })
    expect(ledger.figures).toEqual({ balance: 100, pending: 0, reserved: 0 })
    expect(later.remaining).toBe(100)
  })

  it("turns a clawback of held points into debt, which the points pay back when the hold ends", () => {
    const ledger = new ReferenceLedger()
    const earned = ledger.credit({ points: 100, status: "available" })
    const hold = ledger.reserve(60)!
    const reversal = ledger.reverse(earned.id, 100)!
    expect(reversal).toMatchObject({ points: -100, unsettled: 60 })
    expect(earned.remaining).toBe(60)
    expect(ledger.figures).toEqual({ balance: 0, pending: 0, reserved: 60 })

    ledger.releaseReservation(hold.id)
    expect(reversal.unsettled).toBe(0)
    expect(earned.remaining).toBe(0)
    expect(ledger.figures).toEqual({ balance: 0, pending: 0, reserved: 0 })
  })

  it("refuses to reserve or spend more than balance minus what carts hold", () => {
    const ledger = new ReferenceLedger()
    ledger.credit({ points: 100, status: "available" })
    ledger.credit({ points: 500, status: "pending" })
    expect(ledger.reserve(70)).not.toBeNull()
    expect(ledger.reserve(31)).toBeNull()
    expect(ledger.debit(31)).toBeNull()
    expect(ledger.debit(30)).not.toBeNull()
  })
})
