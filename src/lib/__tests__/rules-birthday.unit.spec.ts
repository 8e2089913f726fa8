import {
  BIRTHDAY_CATCH_UP_DAYS,
  birthdayBonusKey,
  birthdayDatesToCredit,
  birthdayError,
  birthdayIn,
  birthdaysCelebratedOn,
  birthdaysCelebratedOnDates,
  formatLocalDate,
  isLeapYear,
  localDate,
  parseBirthday,
  parseLocalDate,
  timeZoneError,
} from "../rules/birthday"

const at = (iso: string) => new Date(iso)
// A birthday job at 23:30 UTC on 31 December: 02:30 on 1 January in Moscow (UTC+3).
const newYearsEveJob = at("2026-12-31T23:30:00Z")

describe("parseBirthday", () => {
  it.each([
    ["1990-07-15", { month: 7, day: 15 }],
    ["07-15", { month: 7, day: 15 }],
    ["02-29", { month: 2, day: 29 }],
    ["2000-02-29", { month: 2, day: 29 }],
    ["1996-02-29", { month: 2, day: 29 }],
    ["1900-01-01", { month: 1, day: 1 }],
    ["12-31", { month: 12, day: 31 }],
  ])("reads %s", (value, expected) => {
    expect(parseBirthday(value)).toEqual(expected)
  })

  it.each([
    ["29 February of a year that is not leap", "1999-02-29"],
    ["29 February 1900, not leap though divisible by 4", "1900-02-29"],
    ["a 13th month", "2000-13-01"],
    ["month 0", "00-10"],
    ["day 0", "05-00"],
    ["31 April", "04-31"],
    ["02-30", "02-30"],
    ["a year before 1900", "1899-12-31"],
    ["one-digit month", "7-15"],
    ["slashes", "1990/07/15"],
    ["a timestamp", "1990-07-15T00:00:00Z"],
    ["an empty string", ""],
  ])("refuses %s", (_, value) => {
    expect(parseBirthday(value)).toBeNull()
  })
})

describe("birthdayError", () => {
  it("accepts YYYY-MM-DD and MM-DD", () => {
    expect(birthdayError("1990-07-15")).toBeNull()
    expect(birthdayError("02-29")).toBeNull()
  })

  it.each(["1999-02-29", "15.07.1990", 19900715, null, undefined])("names the birthday field for %p", (value) => {
    expect(birthdayError(value)).toMatch(/^birthday: must be a date as YYYY-MM-DD or MM-DD/)
  })

  it("says what it got", () => {
    expect(birthdayError("04-31")).toBe('birthday: must be a date as YYYY-MM-DD or MM-DD, got "04-31"')
  })
})

describe("timeZoneError", () => {
  it.each(["Europe/Moscow", "Europe/Berlin", "America/New_York", "UTC", "Pacific/Kiritimati"])("accepts %s", (zone) => {
    expect(timeZoneError(zone)).toBeNull()
  })

  it.each(["Mars/Olympus_Mons", "Moscow", ""])("names time_zone for %p", (zone) => {
    expect(timeZoneError(zone)).toBe(`time_zone: "${zone}" is not an IANA time zone such as Europe/Berlin`)
  })
})

describe("localDate", () => {
  it("counts 23:30 UTC on 31 December as 1 January in Moscow", () => {
    expect(localDate(newYearsEveJob, "Europe/Moscow")).toEqual({ year: 2027, month: 1, day: 1 })
    expect(localDate(newYearsEveJob, "UTC")).toEqual({ year: 2026, month: 12, day: 31 })
  })

  it("counts 03:00 UTC on 1 January as 31 December in New York", () => {
    expect(localDate(at("2027-01-01T03:00:00Z"), "America/New_York")).toEqual({ year: 2026, month: 12, day: 31 })
  })

  it("puts one instant on three dates at the far ends of the clock", () => {
    const instant = at("2026-06-15T10:30:00Z")
    expect(localDate(instant, "Pacific/Kiritimati")).toEqual({ year: 2026, month: 6, day: 16 }) // UTC+14
    expect(localDate(instant, "UTC")).toEqual({ year: 2026, month: 6, day: 15 })
    expect(localDate(instant, "Pacific/Pago_Pago")).toEqual({ year: 2026, month: 6, day: 14 }) // UTC−11
  })
})

describe("isLeapYear", () => {
  it.each([
    [2024, true],
    [2028, true],
    [2000, true],
    [2027, false],
    [1900, false],
    [2100, false],
  ])("%p is leap: %p", (year, leap) => {
    expect(isLeapYear(year)).toBe(leap)
  })
})

describe("birthdayIn", () => {
  it("moves 29 February to 28 February in a year that is not leap", () => {
    expect(birthdayIn({ month: 2, day: 29 }, 2027)).toEqual({ month: 2, day: 28 })
    expect(birthdayIn({ month: 2, day: 29 }, 2100)).toEqual({ month: 2, day: 28 })
  })

  it("keeps 29 February in a leap year", () => {
    expect(birthdayIn({ month: 2, day: 29 }, 2028)).toEqual({ month: 2, day: 29 })
    expect(birthdayIn({ month: 2, day: 29 }, 2000)).toEqual({ month: 2, day: 29 })
  })

  it("keeps every other day", () => {
    expect(birthdayIn({ month: 2, day: 28 }, 2027)).toEqual({ month: 2, day: 28 })
    expect(birthdayIn({ month: 3, day: 1 }, 2027)).toEqual({ month: 3, day: 1 })
  })
})

describe("birthdaysCelebratedOn", () => {
  it("takes 02-29 with 02-28 in a year that is not leap", () => {
    expect(birthdaysCelebratedOn({ year: 2027, month: 2, day: 28 })).toEqual(["02-28", "02-29"])
  })

  it("leaves 02-29 to its own day in a leap year", () => {
    expect(birthdaysCelebratedOn({ year: 2028, month: 2, day: 28 })).toEqual(["02-28"])
    expect(birthdaysCelebratedOn({ year: 2028, month: 2, day: 29 })).toEqual(["02-29"])
  })

  it("writes month and day with two digits", () => {
    expect(birthdaysCelebratedOn({ year: 2027, month: 3, day: 1 })).toEqual(["03-01"])
    expect(birthdaysCelebratedOn({ year: 2027, month: 12, day: 5 })).toEqual(["12-05"])
  })
})

describe("birthdayBonusKey", () => {
  it("is one per account and year", () => {
    expect(birthdayBonusKey("acc_1", 2027)).toBe("birthday:acc_1:2027")
    expect(birthdayBonusKey("acc_2", 2027)).not.toBe(birthdayBonusKey("acc_1", 2027))
    expect(birthdayBonusKey("acc_1", 2028)).not.toBe(birthdayBonusKey("acc_1", 2027))
  })
})

describe("birthdayDatesToCredit", () => {
  const day = (iso: string) => parseLocalDate(iso)!
  const credited = (today: string, lastCompleted: string | null) =>
    birthdayDatesToCredit(day(today), lastCompleted ? day(lastCompleted) : null).map(formatLocalDate)

  it("is today alone on the first run ever and after yesterday's run finished", () => {
    expect(credited("2026-05-17", null)).toEqual(["2026-05-17"])
    expect(credited("2026-05-17", "2026-05-16")).toEqual(["2026-05-17"])
  })

  it("catches up every day since the last finished run, oldest first", () => {
    expect(credited("2026-05-17", "2026-05-14")).toEqual(["2026-05-15", "2026-05-16", "2026-05-17"])
  })

  it("crosses the end of a month", () => {
    expect(credited("2026-03-02", "2026-02-26")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"])
  })

  it("still covers today once today's run finished, and when the last run is dated after today", () => {
    expect(credited("2026-05-17", "2026-05-17")).toEqual(["2026-05-17"])
    // The store's time_zone moved west: its last run is dated tomorrow.
    expect(credited("2026-05-17", "2026-05-18")).toEqual(["2026-05-17"])
  })

  it("never reaches back before 1 January: last year's birthdays counted for last year", () => {
    expect(credited("2027-01-02", "2026-12-29")).toEqual(["2027-01-01", "2027-01-02"])
    expect(credited("2027-01-01", "2026-12-30")).toEqual(["2027-01-01"])
  })

  it(`reaches back at most ${BIRTHDAY_CATCH_UP_DAYS} days, today included`, () => {
    const dates = credited("2026-07-31", "2026-03-01")
    expect(dates).toHaveLength(BIRTHDAY_CATCH_UP_DAYS)
    expect(dates[0]).toBe("2026-07-01")
    expect(dates[dates.length - 1]).toBe("2026-07-31")
  })

  it("passes 29 February in a leap year and not in another", () => {
    expect(credited("2028-03-01", "2028-02-27")).toEqual(["2028-02-28", "2028-02-29", "2028-03-01"])
    expect(credited("2027-03-01", "2027-02-27")).toEqual(["2027-02-28", "2027-03-01"])
  })
})

describe("birthdaysCelebratedOnDates", () => {
  it("takes each day's birthdays once, 02-29 with 28 February in a year that is not leap", () => {
    const dates = birthdayDatesToCredit(parseLocalDate("2027-03-01")!, parseLocalDate("2027-02-26")!)
    expect(birthdaysCelebratedOnDates(dates)).toEqual(["02-27", "02-28", "02-29", "03-01"])
  })

  it("keeps 02-29 to its own day in a leap year", () => {
    const dates = birthdayDatesToCredit(parseLocalDate("2028-02-28")!, parseLocalDate("2028-02-27")!)
    expect(birthdaysCelebratedOnDates(dates)).toEqual(["02-28"])
  })
})

describe("formatLocalDate and parseLocalDate", () => {
  it("write and read YYYY-MM-DD", () => {
    expect(formatLocalDate({ year: 2026, month: 3, day: 5 })).toBe("2026-03-05")
    expect(parseLocalDate("2026-03-05")).toEqual({ year: 2026, month: 3, day: 5 })
  })

  it.each([null, undefined, "", "03-05", "2027-02-29", "2026-13-01", "2026-3-5"])("reads %p as no date", (value) => {
    expect(parseLocalDate(value)).toBeNull()
  })
})
