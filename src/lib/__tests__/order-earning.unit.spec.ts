import { orderEarning } from "../order-earning"

const rules = { earn_percent: 5, earn_on_shipping: false, earn_on_tax: false }

// 2 shirts at 5000 with a 1000 discount, 20 % tax on the rest; 1 mug at 2000.
const order = {
  items: [
    { id: "shirt", quantity: 2, subtotal: 10000, discount_subtotal: 1000, total: 10800 },
    { id: "mug", quantity: 1, subtotal: 2000, discount_subtotal: 0, total: 2400 },
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

  it("counts only the units an order keeps after returns", () => {
    // One shirt returned: 4500 + 2000 = 6500 → 325.
    expect(orderEarning(order, rules, 1, { shirt: 1 }).points).toBe(325)
    expect(orderEarning(order, rules, 1, { shirt: 0, mug: 0 }).points).toBe(0)
  })

  it("never earns on a negative amount", () => {
    const odd = { items: [{ id: "x", quantity: 1, subtotal: 100, discount_subtotal: 300, total: 0 }] }
    expect(orderEarning(odd, rules, 1)).toMatchObject({ points: 0 })
    expect(orderEarning(odd, rules, 1).eligible_amount.numeric).toBe(0)
  })

  it("keeps only the unrefunded share of what is left", () => {
    // 550 points on 11000; a quarter of the payment refunded → 412 (412.5 rounded down).
    expect(orderEarning(order, rules, 1, {}, [3, 4]).points).toBe(412)
    expect(orderEarning(order, rules, 1, {}, [0, 4]).points).toBe(0)
    expect(orderEarning(order, rules, 1, {}, [5, 0]).points).toBe(0)
  })
})
