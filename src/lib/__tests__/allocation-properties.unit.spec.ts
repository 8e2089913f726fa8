import { MathBN } from "@medusajs/framework/utils"
import fc from "fast-check"
import { allocateFifo, SpendableLot } from "../lots"
import { MAX_POINTS } from "../points"
import { proportionalShare, splitProportionally } from "../proportion"

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
