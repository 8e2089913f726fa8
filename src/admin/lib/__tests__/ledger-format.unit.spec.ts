import en from "../../i18n/json/en.json"
import { orderLabel, rowDescription } from "../ledger-format"

/** i18next's lookup and {{placeholder}} filling, for the English file. */
const t = (key: string, options: Record<string, string>) => {
  const text = key.split(".").reduce((node: any, part) => node?.[part], en) as string
  return text.replace(/\{\{(\w+)\}\}/g, (_, name) => options[name])
}
const row = (fields: Partial<Parameters<typeof rowDescription>[0]>) => ({
  type: "earn",
  order_id: null,
  order: null,
  reason: null,
  details: null,
  ...fields,
})

describe("the admin's line for a ledger row", () => {
  it("names the order by its number, and says what a redeem paid", () => {
    const order = { id: "order_01M8TJR2W4", display_id: 12 }
    expect(rowDescription(row({ type: "redeem", order_id: order.id, order }), t)).toBe("Paid part of order #12")
    // The note the server wrote names the order by id: the admin does not show it.
    expect(rowDescription(row({ type: "earn", order_id: order.id, order, reason: `Order ${order.id}` }), t)).toBe(
      "Earned on order #12"
    )
    expect(rowDescription(row({ type: "bonus", order_id: order.id, order, details: { bonus: "order_bonus" } }), t)).toBe(
      "Bonus for order #12"
    )
  })

  it("shows the note of a row without an order (an adjustment's reason as the admin wrote it), and a line of its kind without one", () => {
    expect(rowDescription(row({ type: "adjust", reason: "Apology for a late delivery" }), t)).toBe("Apology for a late delivery")
    expect(rowDescription(row({ type: "bonus", reason: "Birthday bonus 2026", details: { bonus: "birthday_bonus" } }), t)).toBe(
      "Birthday bonus 2026"
    )
    expect(rowDescription(row({ type: "adjust", reason: " " }), t)).toBe("Adjustment")
    expect(rowDescription(row({ type: "bonus", details: { bonus: "welcome_bonus" } }), t)).toBe("Welcome bonus")
    expect(rowDescription(row({ type: "redeem" }), t)).toBe("Points spent")
  })

  it("falls back to the order's id only when its number is not known", () => {
    expect(orderLabel({ order_id: "order_1", order: { display_id: 3 } })).toBe("#3")
    expect(orderLabel({ order_id: "order_1", order: { display_id: null } })).toBe("order_1")
    expect(orderLabel({ order_id: null, order: null })).toBe("")
  })
})
