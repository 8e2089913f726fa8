/** A calendar date without a time: what "today" is in the store's time zone. */
export type LocalDate = { year: number; month: number; day: number }

export type MonthDay = { month: number; day: number }

const DAY_MS = 24 * 60 * 60 * 1000

const BIRTHDAY_FORMAT = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/

/**
 * A birthday as a month and day: "YYYY-MM-DD" or "MM-DD" (the year is not
 * needed and shoppers may keep it to themselves). Null when it is not a real
 * date; 02-29 is one without a year, and with a leap year.
 */
export function parseBirthday(value: string): MonthDay | null {
  const match = BIRTHDAY_FORMAT.exec(value)
  if (!match) {
    return null
  }
  const [, year, month, day] = match.map(Number)
  if (match[1] !== undefined && year < 1900) {
    return null
  }
  // Without a year, 2000 (a leap year) lets 02-29 through.
  const probe = match[1] === undefined ? 2000 : year
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(probe, month)) {
    return null
  }
  return { month, day }
}

/** Why `value` is not a birthday the account can store; null when it is. */
export function birthdayError(value: unknown): string | null {
  if (typeof value !== "string" || !parseBirthday(value)) {
    return `birthday: must be a date as YYYY-MM-DD or MM-DD, got ${JSON.stringify(value)}`
  }
  return null
}

/**
 * Why an account's birthday cannot become `next`; null when it can. A
 * birthday is set once (a new one each year would be a bonus each time):
 * saving the same value again is fine, changing it is refused.
 */
export function birthdayChangeError(current: string | null | undefined, next: unknown): string | null {
  const error = birthdayError(next)
  if (error) {
    return error
  }
  if (current && current !== next) {
    return `birthday: already set to ${current}; a birthday can be set only once`
  }
  return null
}

/** Why `timeZone` is not an IANA time zone the store can use; null when it is. */
export function timeZoneError(timeZone: string): string | null {
  try {
    formatterFor(timeZone)
    return null
  } catch {
    return `time_zone: "${timeZone}" is not an IANA time zone such as Europe/Berlin`
  }
}

/**
 * The calendar date `at` falls on in `timeZone`. A birthday job at 23:30 UTC
 * on 31 December is already on 1 January in Moscow: the store's date, not
 * the server's, decides whose birthday it is and which year it counts for.
 */
export function localDate(at: Date, timeZone: string): LocalDate {
  const parts = formatterFor(timeZone).formatToParts(at)
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return { year: part("year"), month: part("month"), day: part("day") }
}

/** The day a birthday is celebrated in `year`: 29 February moves to 28 February in other years. */
export function birthdayIn(birthday: MonthDay, year: number): MonthDay {
  if (birthday.month === 2 && birthday.day === 29 && !isLeapYear(year)) {
    return { month: 2, day: 28 }
  }
  return birthday
}

/**
 * The "MM-DD" birthdays celebrated on `date`, for a job that selects the
 * accounts in one query: 28 February of a year that is not leap also takes 02-29.
 */
export function birthdaysCelebratedOn(date: LocalDate): string[] {
  const days = [monthDay(date)]
  if (date.month === 2 && date.day === 28 && !isLeapYear(date.year)) {
    days.push("02-29")
  }
  return days
}

/** How far back a birthday run reaches, today included: a store down longer than a month is not paid for it. */
export const BIRTHDAY_CATCH_UP_DAYS = 31

/**
 * The dates a birthday run credits: every date after `lastCompleted` (the
 * date of the last run that finished, null before the first) up to `today`,
 * so the days a run missed or left unfinished are paid by the next one. Never
 * before 1 January of today's year and at most the last BIRTHDAY_CATCH_UP_DAYS
 * days; today always, so a rerun still finds a birthday set later in the day.
 * Oldest first.
 */
export function birthdayDatesToCredit(today: LocalDate, lastCompleted: LocalDate | null): LocalDate[] {
  const end = Date.UTC(today.year, today.month - 1, today.day)
  const starts = [end - (BIRTHDAY_CATCH_UP_DAYS - 1) * DAY_MS, Date.UTC(today.year, 0, 1)]
  if (lastCompleted) {
    starts.push(Date.UTC(lastCompleted.year, lastCompleted.month - 1, lastCompleted.day) + DAY_MS)
  } else {
    starts.push(end)
  }
  const dates: LocalDate[] = []
  for (let at = Math.min(Math.max(...starts), end); at <= end; at += DAY_MS) {
    const date = new Date(at)
    dates.push({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() })
  }
  return dates
}

/** The "MM-DD" birthdays celebrated on any of `dates`, each once. */
export function birthdaysCelebratedOnDates(dates: LocalDate[]): string[] {
  return [...new Set(dates.flatMap(birthdaysCelebratedOn))]
}

/** A local date as "YYYY-MM-DD". */
export function formatLocalDate({ year, month, day }: LocalDate): string {
  return `${year}-${monthDay({ month, day })}`
}

/** A "YYYY-MM-DD" date back as a LocalDate; null when it is not one. */
export function parseLocalDate(value: string | null | undefined): LocalDate | null {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null
  if (!match) {
    return null
  }
  const [year, month, day] = match.slice(1).map(Number)
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return null
  }
  return { year, month, day }
}

/** One birthday bonus per account per year of the store's calendar. */
export function birthdayBonusKey(accountId: string, year: number): string {
  return `birthday:${accountId}:${year}`
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function monthDay({ month, day }: MonthDay): string {
  return `${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`
}

// One formatter per zone: a birthday job formats a whole batch with the same one.
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      calendar: "gregory",
      numberingSystem: "latn",
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}
