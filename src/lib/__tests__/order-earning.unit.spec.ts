import { orderEarning, returnedShare, unrefundedShare } from "../order-earning"

const rules = { earn_percent: 5, earn_on_shipping: false, earn_on_tax: false }

// 2 shirts at 5000 with a 1000 discount, 20 % tax on the rest; 1 mug at 2000.
const order = {
  items: [
    { subtotal: 10000, discount_subtotal: 1000, total: 10800 },
    { subtotal: 2000, discount_subtotal: 0, total: 2400 },
  ],
  shipping: [{ subtotal: 1000, discount_subtotal: 0, total: 1200 }],
}

describe("orderEarning", () => {
  it("earns on items after discounts, without shipping or tax", () => {
    const { eligible_amount, points } = orderEarning(order, rules, 1)
    expect(eligible_amount.numeric).toBe(11000)
    expect(points).toBe(550)
  })

  it("adds tax and shipping only when the program says so", () => {
    expect(orderEarning(order, { ...rules, earn_on_tax: true }, 1).points).toBe(660)
    expect(orderEarning(order, { ...rules, earn_on_shipping: true }, 1).points).toBe(600)
    expect(orderEarning(order, { ...rules, earn_on_shipping: true, earn_on_tax: true }, 1).points).toBe(720)
  })

  it("converts with the currency's point value and rounds down", () => {
    // 11000 × 5 % = 550 money = 55000 points of 0.01; at 0.03 → 18333.33 → 18333.
    expect(orderEarning(order, rules, 0.01).points).toBe(55000)
    expect(orderEarning(order, rules, 0.03).points).toBe(18333)
  })

  it("earns nothing in a currency without a point value", () => {
    expect(orderEarning(order, rules, undefined).points).toBe(0)
  })


  it("does not lose a point to the residue of tax-inclusive division", () => {
    // A 70.00 line with 10 % tax included comes back as 63.63…64 + 6.36…36 = 69.999…
    const inclusive = {
      items: [{ subtotal: "63.636363636363636364", discount_subtotal: 0, total: "69.99999999999999999999" }],
    }
    expect(orderEarning(inclusive, { ...rules, earn_on_tax: true }, 0.01)).toMatchObject({ points: 350 })
    expect(orderEarning(inclusive, rules, 0.01)).toMatchObject({ points: 318 })
  })

  it("never earns on a negative amount", () => {
    const odd = { items: [{ subtotal: 100, discount_subtotal: 300, total: 0 }] }
    expect(orderEarning(odd, rules, 1)).toMatchObject({ points: 0 })
    expect(orderEarning(odd, rules, 1).eligible_amount.numeric).toBe(0)
  })

  it("keeps only the unrefunded share of what is left", () => {
    // 550 points on 11000; a quarter of the payment refunded → 412 (412.5 rounded down).
    expect(orderEarning(order, rules, 1, [3, 4]).points).toBe(412)
    expect(orderEarning(order, rules, 1, [0, 4]).points).toBe(0)
    expect(orderEarning(order, rules, 1, [5, 0]).points).toBe(0)
  })
})

describe("unrefundedShare", () => {
  it("is what is still paid out of what was paid, never below nothing", () => {
    expect(unrefundedShare(96, 15).map((n) => n.numeric)).toEqual([81, 96])
    expect(unrefundedShare(96, 0).map((n) => n.numeric)).toEqual([96, 96])
    expect(unrefundedShare(96, 120).map((n) => n.numeric)).toEqual([0, 96])
    expect(unrefundedShare(96, -5).map((n) => n.numeric)).toEqual([96, 96])
  })
})

describe("returnedShare", () => {
  it("weighs returned units by their list price", () => {
    const lines = [
      { unit_price: 50, quantity: 2, returned_quantity: 1 },
      { unit_price: 20, quantity: 1, returned_quantity: 0 },
    ]
    expect(returnedShare(lines).map((n) => n.numeric)).toEqual([50, 120])
  })

  it("never counts more units back than were bought", () => {
    const lines = [{ unit_price: 10, quantity: 1, returned_quantity: 3 }]
    expect(returnedShare(lines).map((n) => n.numeric)).toEqual([10, 10])
    expect(returnedShare([]).map((n) => n.numeric)).toEqual([0, 0])
  })
})
