import {
  allocateFifo,
  settleDebts,
  sortLotsForSpending,
  spendFromHold,
} from "../lots"

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n))
const lot = (id: string, remaining: number, expires: number | null, created = 0) => ({
  id,
  remaining,
  expires_at: expires === null ? null : day(expires),
  created_at: day(created),
})

describe("sortLotsForSpending", () => {
  it("puts the soonest expiry first and never-expiring lots last", () => {
    const lots = [lot("never", 5, null), lot("late", 5, 30), lot("soon", 5, 3)]
    expect(sortLotsForSpending(lots).map((l) => l.id)).toEqual(["soon", "late", "never"])
  })

  it("breaks ties by the older lot, then by id", () => {
    const lots = [lot("b", 1, 10, 2), lot("c", 1, 10, 1), lot("a", 1, 10, 2), lot("z", 1, null, 5), lot("y", 1, null, 5)]
    expect(sortLotsForSpending(lots).map((l) => l.id)).toEqual(["c", "a", "b", "y", "z"])
  })

  it("returns a new array and leaves the input alone", () => {
    const lots = [lot("late", 1, 9), lot("soon", 1, 1)]
    const sorted = sortLotsForSpending(lots)
    expect(sorted).not.toBe(lots)
    expect(lots.map((l) => l.id)).toEqual(["late", "soon"])
  })
})

describe("allocateFifo", () => {
  const lots = [lot("never", 100, null), lot("soon", 30, 2), lot("empty", 0, 1), lot("later", 50, 20)]

  it("spends the lot that expires first, then the next", () => {
    expect(allocateFifo(lots, 60)).toEqual({
      allocations: [
        { lot_id: "soon", points: 30 },
        { lot_id: "later", points: 30 },
      ],
      shortfall: 0,
    })
  })

  it("takes the preferred lot first, then the rest in spending order", () => {
    expect(allocateFifo(lots, 120, "never").allocations).toEqual([
      { lot_id: "never", points: 100 },
      { lot_id: "soon", points: 20 },
    ])
  })

  it("ignores a preferred lot that is empty or unknown", () => {
    expect(allocateFifo(lots, 10, "empty").allocations).toEqual([{ lot_id: "soon", points: 10 }])
    expect(allocateFifo(lots, 10, "nope").allocations).toEqual([{ lot_id: "soon", points: 10 }])
  })

  it("reports what the lots cannot cover", () => {
    const { allocations, shortfall } = allocateFifo(lots, 200)
    expect(allocations.map((a) => a.points)).toEqual([30, 50, 100])
    expect(shortfall).toBe(20)
    expect(allocateFifo([], 7)).toEqual({ allocations: [], shortfall: 7 })
  })

  it("allocates nothing for 0 points", () => {
    expect(allocateFifo(lots, 0)).toEqual({ allocations: [], shortfall: 0 })
  })

  it("handles amounts near MAX_POINTS exactly", () => {
    const big = [lot("a", 999_999_999, 1), lot("b", 1_000_000_000, 2)]
    expect(allocateFifo(big, 1_000_000_000)).toEqual({
      allocations: [
        { lot_id: "a", points: 999_999_999 },
        { lot_id: "b", points: 1 },
      ],
      shortfall: 0,
    })
  })

  it.each([-1, 1.5, Number.NaN, Infinity])("refuses %p points", (points) => {
    expect(() => allocateFifo(lots, points)).toThrow(RangeError)
  })

  it("refuses a lot whose remaining is not whole", () => {
    expect(() => allocateFifo([lot("x", 2.5, 1)], 1)).toThrow(RangeError)
  })
})

describe("settleDebts", () => {
  const debts = [
    { id: "new", unsettled: 40, created_at: day(5) },
    { id: "paid", unsettled: 0, created_at: day(0) },
    { id: "old", unsettled: 25, created_at: day(1) },
  ]

  it("pays the oldest debt first and leaves the rest for the lot", () => {
    expect(settleDebts(debts, 100)).toEqual({
      settlements: [
        { debt_id: "old", points: 25 },
        { debt_id: "new", points: 40 },
      ],
      leftover: 35,
    })
  })

  it("pays part of a debt when the credit is smaller", () => {
    expect(settleDebts(debts, 30)).toEqual({
      settlements: [
        { debt_id: "old", points: 25 },
        { debt_id: "new", points: 5 },
      ],
      leftover: 0,
    })
  })

  it("leaves everything for the lot when there is no debt", () => {
    expect(settleDebts([], 10)).toEqual({ settlements: [], leftover: 10 })
  })

  it.each([-3, 0.5])("refuses %p points", (points) => {
    expect(() => settleDebts(debts, points)).toThrow(RangeError)
  })
})
