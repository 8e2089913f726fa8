import { MAX_POINTS } from "../points"
import {
  BONUS_NAMES,
  bonusGrant,
  bonusSettingError,
  newsletterBonusDue,
  newsletterBonusKey,
  orderBonusKey,
  welcomeBonusKey,
} from "../rules/bonuses"

const now = new Date("2026-05-10T12:00:00Z")

describe("bonusGrant", () => {
  it("grants nothing when the bonus is off", () => {
    expect(bonusGrant(null, now, 365)).toBeNull()
    expect(bonusGrant(undefined, now, 365)).toBeNull()
    expect(bonusGrant({ points: 0, expiry_days: null }, now, 365)).toBeNull()
  })

  it("grants the points with the bonus's own expiry: a birthday bonus of 3 days", () => {
    expect(bonusGrant({ points: 200, expiry_days: 3 }, now, 365)).toEqual({
      points: 200,
      expires_at: new Date("2026-05-13T12:00:00Z"),
    })
  })

  it("uses the program's expiry_days when the bonus has none", () => {
    expect(bonusGrant({ points: 100, expiry_days: null }, now, 30)).toEqual({
      points: 100,
      expires_at: new Date("2026-06-09T12:00:00Z"),
    })
  })

  it("never expires with expiry_days 0, its own or the program's", () => {
    expect(bonusGrant({ points: 100, expiry_days: 0 }, now, 365)).toEqual({ points: 100, expires_at: null })
    expect(bonusGrant({ points: 100, expiry_days: null }, now, 0)).toEqual({ points: 100, expires_at: null })
  })
})

describe("bonus keys", () => {
  it("gives one welcome and one newsletter bonus per account", () => {
    expect(welcomeBonusKey("acc_1")).toBe("welcome:acc_1")
    expect(newsletterBonusKey("acc_1")).toBe("newsletter:acc_1")
    expect(welcomeBonusKey("acc_2")).not.toBe(welcomeBonusKey("acc_1"))
  })

  it("gives one order bonus per order", () => {
    expect(orderBonusKey("order_1")).toBe("order-bonus:order_1")
    expect(orderBonusKey("order_2")).not.toBe(orderBonusKey("order_1"))
  })
})

describe("newsletterBonusDue", () => {
  it.each([
    [false, true, true],
    [null, true, true],
    [undefined, true, true],
    [true, true, false],
    [false, false, false],
    [true, false, false],
    [false, null, false],
    [false, undefined, false],
  ])("with was opted in %p and opt-in %p, is %p", (wasOptedIn, optIn, due) => {
    expect(newsletterBonusDue(wasOptedIn, optIn)).toBe(due)
  })

  it("asks again after an opt-out, with the same key, so the ledger pays only the first opt-in", () => {
    const keys: string[] = []
    let subscribed = false
    for (const optIn of [true, false, true]) {
      if (newsletterBonusDue(subscribed, optIn)) {
        keys.push(newsletterBonusKey("acc_1"))
      }
      subscribed = optIn
    }
    expect(keys).toEqual(["newsletter:acc_1", "newsletter:acc_1"])
    expect(new Set(keys).size).toBe(1)
  })
})

describe("bonusSettingError", () => {
  it("names the bonuses", () => {
    expect(BONUS_NAMES).toEqual(["welcome_bonus", "birthday_bonus", "newsletter_bonus", "order_bonus"])
  })

  it("accepts a bonus switched off and a bonus with points and expiry", () => {
    expect(bonusSettingError("welcome_bonus", null)).toBeNull()
    expect(bonusSettingError("welcome_bonus", undefined)).toBeNull()
    expect(bonusSettingError("birthday_bonus", { points: 1, expiry_days: 3 })).toBeNull()
    expect(bonusSettingError("order_bonus", { points: MAX_POINTS, expiry_days: 0 })).toBeNull()
    expect(bonusSettingError("newsletter_bonus", { points: 50, expiry_days: null })).toBeNull()
  })

  it.each([
    ["welcome_bonus.points", "welcome_bonus", { points: 0, expiry_days: null }],
    ["order_bonus.points", "order_bonus", { points: -5, expiry_days: null }],
    ["newsletter_bonus.points", "newsletter_bonus", { points: 2.5, expiry_days: null }],
    ["birthday_bonus.points", "birthday_bonus", { points: MAX_POINTS + 1, expiry_days: null }],
    ["birthday_bonus.expiry_days", "birthday_bonus", { points: 10, expiry_days: -1 }],
    ["welcome_bonus.expiry_days", "welcome_bonus", { points: 10, expiry_days: 1.5 }],
  ] as const)("names %s", (field, name, setting) => {
    expect(bonusSettingError(name, setting)).toMatch(new RegExp(`^${field.replace(".", "\\.")}: `))
  })

  it("says what it got", () => {
    expect(bonusSettingError("birthday_bonus", { points: 10, expiry_days: -1 })).toBe(
      "birthday_bonus.expiry_days: must be a whole number of days (0: never expire) or null for the program's expiry_days, got -1"
    )
  })
})
