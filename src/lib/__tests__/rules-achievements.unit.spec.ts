import fc from "fast-check"
import { MAX_POINTS } from "../points"
import {
  Achievement,
  AchievementChange,
  achievementChanges,
  achievementReference,
  AchievementRecord,
  achievementsError,
} from "../rules/achievements"

const achievements: Achievement[] = [
  { currency_code: "eur", spend: 5000, points: 2000 },
  { currency_code: "eur", spend: 1000, points: 500 },
  { currency_code: "usd", spend: "1000.00", points: 400 },
]

const changes = (spend: Record<string, number | string>, records: AchievementRecord[] = [], list = achievements) =>
  achievementChanges({ account_id: "acc_1", achievements: list, spend, records })

const eur1000Award: AchievementChange = {
  currency_code: "eur",
  spend: "1000",
  points: 500,
  reference: "achievement:eur:1000",
  idempotency_key: "achievement:acc_1:eur:1000:1",
}
const held = (spend: number, points: number, awards = 1, currency_code = "eur"): AchievementRecord => ({
  currency_code,
  spend,
  awards,
  held_points: points,
})
const reversed = (spend: number, awards: number, currency_code = "eur"): AchievementRecord => ({
  currency_code,
  spend,
  awards,
  held_points: 0,
})

describe("achievementChanges", () => {
  it("awards nothing below the threshold: 999.99 of 1000", () => {
    expect(changes({ eur: "999.99" })).toEqual({ award: [], reverse: [] })
  })

  it("awards a threshold the spend reaches exactly", () => {
    expect(changes({ eur: 1000 })).toEqual({ award: [eur1000Award], reverse: [] })
  })

  it("awards every threshold reached, lowest first", () => {
    const { award } = changes({ eur: 6000, usd: 1200 })
    expect(award.map((a) => [a.idempotency_key, a.points])).toEqual([
      ["achievement:acc_1:eur:1000:1", 500],
      ["achievement:acc_1:eur:5000:1", 2000],
      ["achievement:acc_1:usd:1000:1", 400],
    ])
  })

  it("awards a threshold once while the spend stays at or above it", () => {
    expect(changes({ eur: 6000 }, [held(1000, 500)]).award.map((a) => a.spend)).toEqual(["5000"])
    expect(changes({ eur: 6000 }, [held(1000, 500), held(5000, 2000)])).toEqual({ award: [], reverse: [] })
  })

  it("reverses the award when a return takes the spend below the threshold", () => {
    expect(changes({ eur: 800 }, [held(1000, 500)])).toEqual({
      award: [],
      reverse: [{ ...eur1000Award, idempotency_key: "reverse:achievement:acc_1:eur:1000:1" }],
    })
  })

  it("reverses the points credited, even if the setting changed since", () => {
    const list = [{ currency_code: "eur", spend: 1000, points: 700 }]
    expect(changes({ eur: 800 }, [held(1000, 500)], list).reverse.map((r) => r.points)).toEqual([500])
  })

  it("does not award again while held, even if the setting's points changed", () => {
    const list = [{ currency_code: "eur", spend: 1000, points: 700 }]
    expect(changes({ eur: 1500 }, [held(1000, 500)], list)).toEqual({ award: [], reverse: [] })
  })

  it("reverses only the thresholds the spend fell below", () => {
    const { award, reverse } = changes({ eur: 3000 }, [held(1000, 500), held(5000, 2000)])
    expect(award).toEqual([])
    expect(reverse.map((r) => r.idempotency_key)).toEqual(["reverse:achievement:acc_1:eur:5000:1"])
  })

  it("awards again, under a new key, when the spend reaches the threshold again", () => {
    expect(changes({ eur: 1000 }, [reversed(1000, 1)]).award).toEqual([{ ...eur1000Award, idempotency_key: "achievement:acc_1:eur:1000:2" }])
  })

  it("reverses the second award under its own key", () => {
    expect(changes({ eur: 10 }, [held(1000, 500, 2)]).reverse.map((r) => r.idempotency_key)).toEqual([
      "reverse:achievement:acc_1:eur:1000:2",
    ])
  })

  it("does nothing for a reversed threshold the spend is still below", () => {
    expect(changes({ eur: 10 }, [reversed(1000, 1)])).toEqual({ award: [], reverse: [] })
  })

  it("gives two events racing over the same change the same key", () => {
    const records = [reversed(1000, 1)]
    expect(changes({ eur: 1200 }, records)).toEqual(changes({ eur: 1200 }, records))
  })

  it("still reverses a held award whose threshold was removed from the settings", () => {
    expect(changes({ eur: 0 }, [held(1000, 500)], []).reverse.map((r) => r.idempotency_key)).toEqual([
      "reverse:achievement:acc_1:eur:1000:1",
    ])
  })

  it("reverses when the currency has no spend at all", () => {
    expect(changes({}, [held(1000, 400, 1, "usd")]).reverse.map((r) => r.reference)).toEqual(["achievement:usd:1000"])
  })

  it("counts spend in the threshold's currency only", () => {
    expect(changes({ usd: 9000 }).award.map((a) => a.currency_code)).toEqual(["usd"])
  })

  it("reads currency codes in any case and amounts however they are written", () => {
    const list = [{ currency_code: "EUR", spend: "1000.00", points: 500 }]
    expect(changes({ EUR: "1000.0" }, [], list).award).toEqual([eur1000Award])
    expect(changes({ EUR: 5000 }, [{ ...held(1000, 500), currency_code: "Eur", spend: "1e3" }], list)).toEqual({ award: [], reverse: [] })
  })

  it("awards nothing for a threshold without points", () => {
    expect(changes({ eur: 5000 }, [], [{ currency_code: "eur", spend: 1000, points: 0 }]).award).toEqual([])
  })

  it("holds each threshold exactly while the spend is at or above it, with keys that never repeat", () => {
    const list: Achievement[] = [
      { currency_code: "eur", spend: 1000, points: 500 },
      { currency_code: "eur", spend: 2500, points: 900 },
    ]
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4000 }), { minLength: 1, maxLength: 30 }), (spends) => {
        // A tiny ledger: what each threshold holds and how often it was awarded.
        const records = new Map<number, AchievementRecord>()
        const keys = new Set<string>()
        for (const spend of spends) {
          const { award, reverse } = changes({ eur: spend }, [...records.values()], list)
          for (const change of [...award, ...reverse]) {
            expect(keys.has(change.idempotency_key)).toBe(false)
            keys.add(change.idempotency_key)
          }
          for (const a of award) {
            const record = records.get(Number(a.spend)) ?? reversed(Number(a.spend), 0)
            records.set(Number(a.spend), { ...record, awards: record.awards + 1, held_points: a.points })
          }
          for (const r of reverse) {
            const record = records.get(Number(r.spend))!
            expect(r.points).toBe(record.held_points)
            records.set(Number(r.spend), { ...record, held_points: 0 })
          }
          for (const { spend: threshold, points } of list) {
            expect(records.get(Number(threshold))?.held_points ?? 0).toBe(spend >= Number(threshold) ? points : 0)
          }
        }
      })
    )
  })
})

describe("achievementReference", () => {
  it("groups a threshold's rows however its amount and currency were written", () => {
    expect(achievementReference({ currency_code: "EUR", spend: "1000.00" })).toBe("achievement:eur:1000")
    expect(achievementReference({ currency_code: "usd", spend: 99.5 })).toBe("achievement:usd:99.5")
  })
})

describe("achievementsError", () => {
  it("accepts distinct thresholds", () => {
    expect(achievementsError(achievements)).toBeNull()
    expect(achievementsError([])).toBeNull()
    expect(achievementsError([{ currency_code: "EUR", spend: "0.01", points: MAX_POINTS }])).toBeNull()
  })

  it.each([
    ["achievements[0].currency_code", [{ currency_code: "euro", spend: 1000, points: 5 }]],
    ["achievements[0].currency_code", [{ currency_code: "", spend: 1000, points: 5 }]],
    ["achievements[1].spend", [achievements[0], { currency_code: "eur", spend: 0, points: 5 }]],
    ["achievements[0].spend", [{ currency_code: "eur", spend: -1, points: 5 }]],
    ["achievements[0].spend", [{ currency_code: "eur", spend: "lots", points: 5 }]],
    ["achievements[0].points", [{ currency_code: "eur", spend: 10, points: 0 }]],
    ["achievements[0].points", [{ currency_code: "eur", spend: 10, points: 1.5 }]],
    ["achievements[0].points", [{ currency_code: "eur", spend: 10, points: MAX_POINTS + 1 }]],
  ])("names %s", (field, list: Achievement[]) => {
    expect(achievementsError(list)).toMatch(new RegExp(`^${field.replace(/[[\].]/g, "\\$&")}: `))
  })

  it("refuses one threshold twice, however it is written", () => {
    expect(
      achievementsError([
        { currency_code: "EUR", spend: 1000, points: 5 },
        { currency_code: "eur", spend: "1000.00", points: 9 },
      ])
    ).toBe("achievements[1].spend: eur 1000 is already a threshold")
  })
})
