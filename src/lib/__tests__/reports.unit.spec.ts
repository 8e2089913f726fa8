import { liabilityPerCurrency, repeatPurchaseRates } from "../reports"

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

describe("repeatPurchaseRates", () => {
  it("splits customers into members and others and counts who came back", () => {
    const members = new Set(["m1", "m2"])
    const rates = repeatPurchaseRates(["m1", "m1", "m2", "o1", "o2", "o2", "o2", "o3", null], (id) => members.has(id))
    expect(rates).toEqual({
      members: { customers: 2, repeat_customers: 1, rate: 0.5 },
      others: { customers: 3, repeat_customers: 1, rate: 0.3333 },
    })
  })

  it("has no rate for a group without orders (guest orders do not count)", () => {
    expect(repeatPurchaseRates([null, undefined], () => true)).toEqual({
      members: { customers: 0, repeat_customers: 0, rate: null },
      others: { customers: 0, repeat_customers: 0, rate: null },
    })
  })
})
