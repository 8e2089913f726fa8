import { breakageShare, type GroupRow, liabilityPerCurrency, programReport, ratio, reportCsvRows, type ReportRows } from "../reports"

describe("liabilityPerCurrency", () => {
  it("values the outstanding points in every currency, exactly", () => {
    expect(liabilityPerCurrency(12_345, { usd: 0.02, eur: 0.01 })).toEqual([
      { currency_code: "eur", point_value: 0.01, amount: 123.45 },
      { currency_code: "usd", point_value: 0.02, amount: 246.9 },
    ])
    expect(liabilityPerCurrency(3, { eur: 0.1 })[0].amount).toBe(0.3)
  })

  it("is empty when no currency has a point value", () => {
    expect(liabilityPerCurrency(500, {})).toEqual([])
  })
})

describe("ratio", () => {
  it("divides to four places and has no answer without a whole", () => {
    expect(ratio(1, 3)).toBe(0.3333)
    expect(ratio(2, 3)).toBe(0.6667)
    expect(ratio(5, 0)).toBeNull()
  })
})

describe("breakageShare", () => {
  it("expects each earning month's open points to expire at that month's rate", () => {
    // January: 1000 issued, 200 expired (20 %), 100 open; February: 400 issued, 100 expired (25 %), 200 open.
    // Expected expiries: 100 × 0.2 + 200 × 0.25 = 70 of 300 open.
    const share = breakageShare([
      { month: "2026-01", issued: "1000", expired: "200", outstanding: "100" },
      { month: "2026-02", issued: "400", expired: "100", outstanding: "200" },
    ])
    expect(share.toNumber()).toBeCloseTo(70 / 300, 12)
  })

  it("takes the overall rate for a month none of whose points has expired yet", () => {
    // Overall: 300 of 1500 = 20 %. March has nothing expired: its 500 open expect 100.
    // January's 100 open expect 100 × 300/1000 = 30. (30 + 100) / 600.
    const share = breakageShare([
      { month: "2026-01", issued: "1000", expired: "300", outstanding: "100" },
      { month: "2026-03", issued: "500", expired: "0", outstanding: "500" },
    ])
    expect(share.toNumber()).toBeCloseTo(130 / 600, 12)
  })

  it("is 0 with nothing open or no history", () => {
    expect(breakageShare([]).toNumber()).toBe(0)
    expect(breakageShare([{ month: "2026-01", issued: "100", expired: "100", outstanding: "0" }]).toNumber()).toBe(0)
  })
})

const group = (row: Partial<GroupRow> & Pick<GroupRow, "group">): GroupRow => ({
  currency_code: null, customers: "0", repeat_customers: "0", orders: "0", earning_orders: "0",
  points_orders: "0", valued_orders: "0", revenue: null, redeemed_points: "0", ...row,
})
const rows: ReportRows = {
  months: [
    { month: "2026-01", issued: "600", spent: "150", expired: "50", reversed: "10" },
    { month: "2026-02", issued: "400", spent: "50", expired: "0", reversed: "0" },
  ],
  accounts: { outstanding_points: "1000", pending_points: "40", members: "5", active_members: "3" },
  groups: [
    group({ group: "redeemers", customers: "1", repeat_customers: "1", orders: "2", earning_orders: "2", points_orders: "1" }),
    group({ group: "redeemers", currency_code: "eur", orders: "2", valued_orders: "2", revenue: "150", redeemed_points: "200" }),
    group({ group: "non_redeemers", customers: "2", repeat_customers: "0", orders: "2", earning_orders: "1" }),
    group({ group: "non_redeemers", currency_code: "eur", orders: "1", valued_orders: "1", revenue: "50" }),
    group({ group: "non_redeemers", currency_code: "usd", orders: "1", valued_orders: "1", revenue: "10" }),
    group({ group: "non_members", customers: "1", repeat_customers: "1", orders: "3" }),
    group({ group: "non_members", currency_code: "eur", orders: "3", valued_orders: "3", revenue: "100" }),
  ],
  expiry: { available_points: "800" },
  earning_months: [{ month: "2026-01", issued: "1000", expired: "100", outstanding: "1000" }],
}

describe("programReport", () => {
  it("works out every figure from the rows the database added up", () => {
    const report = programReport(rows, { eur: 0.01, usd: 0.02 })
    expect(report.participation).toEqual({
      ordering_customers: 4, member_customers: 3, member_share: 0.75, orders: 7, earning_orders: 3, earning_order_share: 0.4286,
    })
    expect(report.redemption).toEqual({
      points_redeemed: 200, points_issued: 1000, rate: 0.2,
      members_ordering: 3, members_redeemed: 1, member_share: 0.3333,
      orders: 7, points_orders: 1, order_share: 0.1429,
    })
    expect(report.groups.redeemers).toEqual({
      customers: 1, repeat_customers: 1, rate: 1, orders: 2, orders_per_customer: 2,
      average_order_value: [{ currency_code: "eur", orders: 2, revenue: 150, amount: 75 }],
    })
    expect(report.groups.non_redeemers.average_order_value).toEqual([
      { currency_code: "eur", orders: 1, revenue: 50, amount: 50 },
      { currency_code: "usd", orders: 1, revenue: 10, amount: 10 },
    ])
    expect(report.groups.non_members).toMatchObject({ customers: 1, rate: 1, orders_per_customer: 3 })
    expect(report.repeat_purchase).toEqual({
      members: { customers: 3, repeat_customers: 1, rate: 0.3333 },
      others: { customers: 1, repeat_customers: 1, rate: 1 },
    })
    // 50 expired of 800 that became available; history: 10 % of issued points expired.
    expect(report.expiry).toEqual({ points_expired: 50, points_available: 800, rate: 0.0625, breakage_share: 0.1, breakage_points: 100 })
    expect(report.liability).toEqual([
      { currency_code: "eur", point_value: 0.01, amount: 10 },
      { currency_code: "usd", point_value: 0.02, amount: 20 },
    ])
    expect(report.liability_after_breakage).toEqual([
      { currency_code: "eur", amount: 9 },
      { currency_code: "usd", amount: 18 },
    ])
    // 200 points on EUR orders = 2 EUR against 200 EUR of members' orders; USD orders spent none.
    expect(report.program_cost).toEqual([
      { currency_code: "eur", points_redeemed: 200, amount: 2, member_revenue: 200, revenue_share: 0.01 },
      { currency_code: "usd", points_redeemed: 0, amount: 0, member_revenue: 10, revenue_share: 0 },
    ])
  })

  it("has no rates for a period without orders or points", () => {
    const empty = programReport(
      { months: [], accounts: { outstanding_points: "0", pending_points: "0", members: "0", active_members: "0" }, groups: [], expiry: { available_points: "0" }, earning_months: [] },
      { eur: 1 }
    )
    expect(empty.participation.member_share).toBeNull()
    expect(empty.redemption.rate).toBeNull()
    expect(empty.expiry).toMatchObject({ rate: null, breakage_share: 0 })
    expect(empty.groups.non_members).toMatchObject({ customers: 0, rate: null, orders_per_customer: null, average_order_value: [] })
    expect(empty.program_cost).toEqual([])
  })

  it("lists a currency without a point value in no cost (it cannot redeem)", () => {
    expect(programReport(rows, { eur: 0.01 }).program_cost.map((c) => c.currency_code)).toEqual(["eur"])
  })
})

describe("reportCsvRows", () => {
  it("writes one figure a row, money once per currency, then the months", () => {
    const report = { from: "2026-01-01T00:00:00.000Z", to: "2026-03-01T00:00:00.000Z", ...programReport(rows, { eur: 0.01 }) }
    const csv = reportCsvRows(report)
    expect(csv.slice(0, 2)).toEqual([
      { figure: "from", currency_code: null, value: "2026-01-01T00:00:00.000Z" },
      { figure: "to", currency_code: null, value: "2026-03-01T00:00:00.000Z" },
    ])
    expect(csv).toEqual(expect.arrayContaining([
      { figure: "participation.member_share", currency_code: null, value: 0.75 },
      { figure: "redeemers.average_order_value", currency_code: "eur", value: 75 },
      { figure: "liability_after_breakage", currency_code: "eur", value: 9 },
      { figure: "program_cost.amount", currency_code: "eur", value: 2 },
    ]))
    expect(csv.slice(-8).map((row) => row.figure)).toEqual([
      "2026-01.issued", "2026-01.spent", "2026-01.expired", "2026-01.reversed",
      "2026-02.issued", "2026-02.spent", "2026-02.expired", "2026-02.reversed",
    ])
  })
})
