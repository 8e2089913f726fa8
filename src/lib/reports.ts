import type { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"
import type { Decimal } from "./decimal"
import { pointsValue } from "./points"

// ------------------------------------------------------------------ what the database adds up
// PostgreSQL returns sums and counts as strings: they stay exact until here.

export type MonthRow = { month: string; issued: string; spent: string; expired: string; reversed: string }
export type AccountsRow = { outstanding_points: string; pending_points: string; members: string; active_members: string }
export type CustomerGroup = "redeemers" | "non_redeemers" | "non_members"
/** The period's orders of one customer group, in one currency or (currency_code null) in all. */
export type GroupRow = {
  group: CustomerGroup
  currency_code: string | null
  customers: string
  repeat_customers: string
  orders: string
  earning_orders: string
  points_orders: string
  valued_orders: string
  revenue: string | null
  redeemed_points: string
}
/** The store's history of one earning month (UTC) of its lots. */
export type EarningMonthRow = { month: string; issued: string; expired: string; outstanding: string }
export type ReportRows = {
  months: MonthRow[]
  accounts: AccountsRow
  groups: GroupRow[]
  expiry: { available_points: string }
  earning_months: EarningMonthRow[]
}

// ------------------------------------------------------------------ the report

export type MonthFigures = { month: string; issued: number; spent: number; expired: number; reversed: number }
export type Money = { currency_code: string; amount: number }
export type RepeatPurchase = { customers: number; repeat_customers: number; rate: number | null }
export type GroupFigures = RepeatPurchase & {
  orders: number
  orders_per_customer: number | null
  average_order_value: (Money & { orders: number; revenue: number })[]
}
export type ProgramReport = {
  months: MonthFigures[]
  outstanding_points: number
  pending_points: number
  members: number
  active_members: number
  participation: {
    ordering_customers: number
    member_customers: number
    member_share: number | null
    orders: number
    earning_orders: number
    earning_order_share: number | null
  }
  redemption: {
    points_redeemed: number
    points_issued: number
    rate: number | null
    members_ordering: number
    members_redeemed: number
    member_share: number | null
    orders: number
    points_orders: number
    order_share: number | null
  }
  groups: Record<CustomerGroup, GroupFigures>
  repeat_purchase: { members: RepeatPurchase; others: RepeatPurchase }
  expiry: {
    points_expired: number
    points_available: number
    rate: number | null
    breakage_share: number
    breakage_points: number
  }
  liability: (Money & { point_value: number })[]
  liability_after_breakage: Money[]
  program_cost: (Money & { points_redeemed: number; member_revenue: number; revenue_share: number | null })[]
}

const GROUPS: CustomerGroup[] = ["redeemers", "non_redeemers", "non_members"]
const RATE_PLACES = 4
const MONEY_PLACES = 2

const dec = (value: BigNumberInput | null | undefined): Decimal => MathBN.convert(value ?? 0)
const int = (value: BigNumberInput | null | undefined) => dec(value).toNumber()
const sum = (values: BigNumberInput[]) => MathBN.sum(0, ...values)

/** part ÷ whole to four places; null when there is no whole. */
export function ratio(part: BigNumberInput, whole: BigNumberInput): number | null {
  return MathBN.gt(whole, 0) ? MathBN.div(part, whole).decimalPlaces(RATE_PLACES).toNumber() : null
}

/** What outstanding points would cost if all were spent in each currency: points × point value. */
export function liabilityPerCurrency(outstandingPoints: number, pointValues: Record<string, BigNumberInput>) {
  return Object.entries(pointValues)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency_code, point_value]) => ({
      currency_code,
      point_value: MathBN.convert(point_value).toNumber(),
      amount: pointsValue(outstandingPoints, point_value).numeric,
    }))
}

/**
 * The share of today's open points the store's own history says will expire
 * unspent. Each earning month's open points are expected to expire at the rate
 * that month's points did (expired ÷ issued); a month none of whose points has
 * expired yet takes the store's overall rate (all expired ÷ all issued) instead.
 * The share is the expected expiries over all open points (0 when none is open).
 */
export function breakageShare(months: EarningMonthRow[]): Decimal {
  const overall = MathBN.gt(sum(months.map((m) => m.issued)), 0)
    ? MathBN.div(sum(months.map((m) => m.expired)), sum(months.map((m) => m.issued)))
    : dec(0)
  const open = sum(months.map((m) => m.outstanding))
  if (!MathBN.gt(open, 0)) {
    return dec(0)
  }
  const expected = sum(
    months.map((m) => MathBN.mult(m.outstanding, MathBN.gt(m.expired, 0) ? MathBN.div(m.expired, m.issued) : overall))
  )
  return MathBN.div(expected, open)
}

function groupFigures(rows: GroupRow[], group: CustomerGroup): GroupFigures {
  const all = rows.find((row) => row.group === group && row.currency_code === null)
  const customers = int(all?.customers)
  return {
    customers,
    repeat_customers: int(all?.repeat_customers),
    rate: ratio(int(all?.repeat_customers), customers),
    orders: int(all?.orders),
    orders_per_customer: ratio(int(all?.orders), customers),
    average_order_value: rows
      .filter((row) => row.group === group && row.currency_code !== null && MathBN.gt(row.valued_orders, 0))
      .map((row) => ({
        currency_code: row.currency_code!,
        orders: int(row.valued_orders),
        revenue: dec(row.revenue).toNumber(),
        amount: MathBN.div(dec(row.revenue), row.valued_orders).decimalPlaces(MONEY_PLACES).toNumber(),
      })),
  }
}

const addRepeat = (a: RepeatPurchase, b: RepeatPurchase): RepeatPurchase => ({
  customers: a.customers + b.customers,
  repeat_customers: a.repeat_customers + b.repeat_customers,
  rate: ratio(a.repeat_customers + b.repeat_customers, a.customers + b.customers),
})

/** The report from the rows the database added up, valued with the program's point values. */
export function programReport(rows: ReportRows, pointValues: Record<string, BigNumberInput>): ProgramReport {
  const months = rows.months.map((m) => ({
    month: m.month,
    issued: int(m.issued),
    spent: int(m.spent),
    expired: int(m.expired),
    reversed: int(m.reversed),
  }))
  const total = (key: keyof Omit<MonthFigures, "month">) => months.reduce((acc, m) => acc + m[key], 0)
  const groups = Object.fromEntries(GROUPS.map((g) => [g, groupFigures(rows.groups, g)])) as Record<CustomerGroup, GroupFigures>
  const allCurrencies = rows.groups.filter((row) => row.currency_code === null)
  const count = (key: "orders" | "earning_orders" | "points_orders", of = allCurrencies) => of.reduce((acc, row) => acc + int(row[key]), 0)
  const memberCustomers = groups.redeemers.customers + groups.non_redeemers.customers
  const orderingCustomers = memberCustomers + groups.non_members.customers

  const outstanding = int(rows.accounts.outstanding_points)
  const breakage = breakageShare(rows.earning_months)
  const liability = liabilityPerCurrency(outstanding, pointValues)
  const kept = MathBN.sub(1, breakage)

  const memberRows = rows.groups.filter((row) => row.group !== "non_members" && row.currency_code !== null)
  const currencies = [...new Set(memberRows.map((row) => row.currency_code!))].sort()
  const program_cost = currencies.flatMap((currency_code) => {
    const pointValue = pointValues[currency_code]
    if (pointValue === undefined) {
      return [] // no point value: the currency cannot redeem
    }
    const ofCurrency = memberRows.filter((row) => row.currency_code === currency_code)
    const points = ofCurrency.reduce((acc, row) => acc + int(row.redeemed_points), 0)
    const cost = pointsValue(Math.max(points, 0), pointValue)
    const revenue = sum(ofCurrency.map((row) => row.revenue ?? 0))
    return [{ currency_code, points_redeemed: points, amount: cost.numeric, member_revenue: revenue.toNumber(), revenue_share: ratio(cost, revenue) }]
  })

  return {
    months,
    outstanding_points: outstanding,
    pending_points: int(rows.accounts.pending_points),
    members: int(rows.accounts.members),
    active_members: int(rows.accounts.active_members),
    participation: {
      ordering_customers: orderingCustomers,
      member_customers: memberCustomers,
      member_share: ratio(memberCustomers, orderingCustomers),
      orders: count("orders"),
      earning_orders: count("earning_orders"),
      earning_order_share: ratio(count("earning_orders"), count("orders")),
    },
    redemption: {
      points_redeemed: total("spent"),
      points_issued: total("issued"),
      rate: ratio(total("spent"), total("issued")),
      members_ordering: memberCustomers,
      members_redeemed: groups.redeemers.customers,
      member_share: ratio(groups.redeemers.customers, memberCustomers),
      orders: count("orders"),
      points_orders: count("points_orders"),
      order_share: ratio(count("points_orders"), count("orders")),
    },
    groups,
    repeat_purchase: { members: addRepeat(groups.redeemers, groups.non_redeemers), others: addRepeat(groups.non_members, { customers: 0, repeat_customers: 0, rate: null }) },
    expiry: {
      points_expired: total("expired"),
      points_available: int(rows.expiry.available_points),
      rate: ratio(total("expired"), int(rows.expiry.available_points)),
      breakage_share: breakage.decimalPlaces(RATE_PLACES).toNumber(),
      breakage_points: MathBN.mult(outstanding, breakage).integerValue(1 /* ROUND_DOWN */).toNumber(),
    },
    liability,
    liability_after_breakage: liability.map((l) => ({
      currency_code: l.currency_code,
      amount: MathBN.mult(l.amount, kept).decimalPlaces(MONEY_PLACES).toNumber(),
    })),
    program_cost,
  }
}

// ------------------------------------------------------------------ the CSV export

export const REPORT_CSV_COLUMNS = ["figure", "currency_code", "value"] as const
export type ReportCsvRow = { figure: string; currency_code: string | null; value: number | string | null }

/** The report as rows of a spreadsheet, one figure a row (money once per currency), then the months. */
export function reportCsvRows(report: ProgramReport & { from: string; to: string }): ReportCsvRow[] {
  const rows: ReportCsvRow[] = []
  const add = (figure: string, value: number | string | null, currency_code: string | null = null) =>
    rows.push({ figure, currency_code, value })
  add("from", report.from)
  add("to", report.to)
  for (const key of ["outstanding_points", "pending_points", "members", "active_members"] as const) {
    add(key, report[key])
  }
  for (const [section, figures] of [
    ["participation", report.participation],
    ["redemption", report.redemption],
    ["expiry", report.expiry],
  ] as const) {
    for (const [key, value] of Object.entries(figures)) {
      add(`${section}.${key}`, value)
    }
  }
  for (const group of GROUPS) {
    const { average_order_value, ...figures } = report.groups[group]
    for (const [key, value] of Object.entries(figures)) {
      add(`${group}.${key}`, value)
    }
    for (const aov of average_order_value) {
      add(`${group}.average_order_value`, aov.amount, aov.currency_code)
    }
  }
  for (const l of report.liability) {
    add("liability", l.amount, l.currency_code)
  }
  for (const l of report.liability_after_breakage) {
    add("liability_after_breakage", l.amount, l.currency_code)
  }
  for (const c of report.program_cost) {
    add("program_cost.points_redeemed", c.points_redeemed, c.currency_code)
    add("program_cost.amount", c.amount, c.currency_code)
    add("program_cost.member_revenue", c.member_revenue, c.currency_code)
    add("program_cost.revenue_share", c.revenue_share, c.currency_code)
  }
  for (const m of report.months) {
    for (const key of ["issued", "spent", "expired", "reversed"] as const) {
      add(`${m.month}.${key}`, m[key])
    }
  }
  return rows
}
