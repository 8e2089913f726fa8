import fc from "fast-check"
import { chooseTier, DEFAULT_TIER_WINDOW_DAYS, sortTiers, tierError, tiersError, TierLike, tierWindowStart } from "../rules/tiers"

const bronze = { id: "tier_bronze", name: "Bronze", min_points: 0, multiplier: 1 }
const silver = { id: "tier_silver", name: "Silver", min_points: 1000, multiplier: 1.25 }
const gold = { id: "tier_gold", name: "Gold", min_points: 5000, multiplier: "1.5" }
// Out of order on purpose.
const tiers = [gold, bronze, silver]

describe("chooseTier", () => {
  it("starts at the lowest tier with 1000 points missing to the next", () => {
    expect(chooseTier(tiers, 0)).toEqual({ tier: bronze, next_tier: silver, points_to_next: 1000 })
  })

  it("needs every point of a threshold: 999 is still Bronze, 1 missing", () => {
    expect(chooseTier(tiers, 999)).toEqual({ tier: bronze, next_tier: silver, points_to_next: 1 })
  })

  it("reaches a tier at exactly its min_points", () => {
    expect(chooseTier(tiers, 1000)).toEqual({ tier: silver, next_tier: gold, points_to_next: 4000 })
  })

  it("has no next tier and nothing missing at the top", () => {
    expect(chooseTier(tiers, 7000)).toEqual({ tier: gold, next_tier: null, points_to_next: null })
  })

  it("counts a window taken below 0 by returns as 0", () => {
    expect(chooseTier(tiers, -250)).toEqual({ tier: bronze, next_tier: silver, points_to_next: 1000 })
  })

  it("gives no tier below the lowest threshold", () => {
    expect(chooseTier([gold, silver], 400)).toEqual({ tier: null, next_tier: silver, points_to_next: 600 })
  })

  it("gives nothing without tiers", () => {
    expect(chooseTier([], 5000)).toEqual({ tier: null, next_tier: null, points_to_next: null })
  })

  it("picks the highest threshold not above the points, and the next one above them", () => {
    const thresholdsArb = fc.uniqueArray(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 6 })
    fc.assert(
      fc.property(thresholdsArb, fc.integer({ min: -1000, max: 120_000 }), (thresholds, points) => {
        const list = thresholds.map((min_points, i) => ({ id: `tier_${i}`, name: `T${i}`, min_points, multiplier: 1 }))
        const { tier, next_tier, points_to_next } = chooseTier(list, points)
        const counted = Math.max(points, 0)
        const below = thresholds.filter((t) => t <= counted)
        const above = thresholds.filter((t) => t > counted)
        expect(tier?.min_points ?? null).toBe(below.length ? Math.max(...below) : null)
        expect(next_tier?.min_points ?? null).toBe(above.length ? Math.min(...above) : null)
        expect(points_to_next).toBe(next_tier ? next_tier.min_points - counted : null)
      })
    )
  })
})

describe("sortTiers", () => {
  it("orders by min_points and leaves the input alone", () => {
    expect(sortTiers(tiers).map((t) => t.name)).toEqual(["Bronze", "Silver", "Gold"])
    expect(tiers.map((t) => t.name)).toEqual(["Gold", "Bronze", "Silver"])
  })

  it("breaks equal thresholds by id, then by name", () => {
    const same = [
      { id: "b", name: "B", min_points: 10, multiplier: 1 },
      { name: "Z", min_points: 10, multiplier: 1 },
      { id: "a", name: "A", min_points: 10, multiplier: 1 },
      { name: "Y", min_points: 10, multiplier: 1 },
    ]
    expect(sortTiers(same).map((t) => t.name)).toEqual(["Y", "Z", "A", "B"])
  })
})

describe("tierWindowStart", () => {
  it("reaches 365 days back by default", () => {
    expect(DEFAULT_TIER_WINDOW_DAYS).toBe(365)
    expect(tierWindowStart(new Date("2026-06-15T10:00:00Z"))).toEqual(new Date("2025-06-15T10:00:00Z"))
  })

  it("reaches the program's window back", () => {
    expect(tierWindowStart(new Date("2026-03-01T00:00:00Z"), 30)).toEqual(new Date("2026-01-30T00:00:00Z"))
  })
})

describe("tierError", () => {
  it("accepts a tier that fits among the others", () => {
    expect(tierError({ name: "Platinum", min_points: 20000, multiplier: 2 }, tiers)).toBeNull()
    expect(tierError(bronze)).toBeNull()
  })

  it("accepts an edited tier checked against the others without itself", () => {
    const edited = { ...silver, multiplier: 1.3 }
    expect(tierError(edited, [bronze, gold])).toBeNull()
  })

  it.each([
    ["name", { name: "", min_points: 1, multiplier: 1 }],
    ["name", { name: "   ", min_points: 1, multiplier: 1 }],
    ["min_points", { name: "X", min_points: -1, multiplier: 1 }],
    ["min_points", { name: "X", min_points: 10.5, multiplier: 1 }],
    ["min_points", { name: "X", min_points: NaN, multiplier: 1 }],
    ["multiplier", { name: "X", min_points: 1, multiplier: 0 }],
    ["multiplier", { name: "X", min_points: 1, multiplier: -1.5 }],
    ["multiplier", { name: "X", min_points: 1, multiplier: "double" }],
    ["multiplier", { name: "X", min_points: 1, multiplier: Infinity }],
  ])("names %s for %j", (field, tier: TierLike) => {
    expect(tierError(tier)).toMatch(new RegExp(`^${field}: `))
  })

  it("refuses a second tier on one threshold", () => {
    expect(tierError({ name: "Silver plus", min_points: 1000, multiplier: 1.3 }, tiers)).toBe(
      'min_points: 1000 is already the threshold of tier "Silver"'
    )
  })

  it("refuses a second tier of the same name, whatever its case and spaces", () => {
    expect(tierError({ name: " gold ", min_points: 9000, multiplier: 3 }, tiers)).toBe('name: there is already a tier named "Gold"')
  })
})

describe("tiersError", () => {
  it("accepts a list of distinct tiers", () => {
    expect(tiersError(tiers)).toBeNull()
    expect(tiersError([])).toBeNull()
  })

  it("names the first tier in trouble and its field", () => {
    expect(tiersError([bronze, silver, { ...gold, min_points: 1000 }])).toBe(
      'tiers[2].min_points: 1000 is already the threshold of tier "Silver"'
    )
    expect(tiersError([bronze, { ...silver, multiplier: 0 }, { ...gold, name: "" }])).toBe(
      "tiers[1].multiplier: must be a positive number, got 0"
    )
    expect(tiersError([bronze, { ...silver, name: "BRONZE" }])).toMatch(/^tiers\[1\]\.name: /)
  })
})
