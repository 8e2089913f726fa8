import { describeTransaction, descriptionKind } from "../transaction-description"

describe("describeTransaction", () => {
  it.each([
    [{ type: "earn", order_id: "order_1" }, 12, "Earned on order #12"],
    [{ type: "redeem", order_id: "order_1" }, 12, "Paid for order #12"],
    [{ type: "reversal", order_id: "order_1" }, 12, "Taken back for order #12"],
    [{ type: "restore", order_id: "order_1" }, 12, "Given back for order #12"],
    [{ type: "bonus", order_id: "order_1", details: { bonus: "order_bonus" } }, 12, "Bonus for order #12"],
    [{ type: "bonus", order_id: null, details: { bonus: "welcome_bonus" } }, null, "Welcome bonus"],
    [{ type: "bonus", order_id: null, details: { bonus: "birthday_bonus" } }, null, "Birthday bonus"],
    [{ type: "bonus", order_id: null, details: { bonus: "newsletter_bonus" } }, null, "Newsletter subscription bonus"],
    [{ type: "bonus", order_id: "order_1", details: { bonus: "achievement", spend: "20000" } }, 12, "Achievement bonus"],
    [{ type: "bonus", order_id: null, details: null }, null, "Bonus"],
    [{ type: "referral", order_id: null }, null, "Referral reward"],
    [{ type: "referral", order_id: "order_1", details: { party: "referrer", other_party: "N*** S." } }, null, "Reward for inviting N*** S."],
    [{ type: "referral", order_id: "order_1", details: { party: "referee", other_party: "A*** K." } }, 7, "Reward for joining through A*** K."],
    [{ type: "referral", order_id: null, details: { party: "referee" } }, null, "Reward for joining through a friend"],
    [{ type: "adjust", order_id: null, details: { reason: "ignored" } }, null, "Adjustment"],
    [{ type: "expire", order_id: "order_1", details: { cause: "lot_expired" } }, 12, "Expired"],
    [{ type: "expire", order_id: null, details: { cause: "inactivity" } }, null, "Expired after inactivity"],
  ])("%j (order #%s) reads %j", (row, orderNumber, description) => {
    expect(describeTransaction(row, orderNumber)).toBe(description)
  })

  it("names an order by its id when its number is not known, and says nothing of an order it does not have", () => {
    expect(describeTransaction({ type: "earn", order_id: "order_01ABC" })).toBe("Earned on order order_01ABC")
    expect(describeTransaction({ type: "earn", order_id: null })).toBe("Points earned")
    expect(describeTransaction({ type: "redeem", order_id: null })).toBe("Points spent")
  })
})

describe("descriptionKind", () => {
  it("tells rows with an order from rows without one, and bonuses, expiries and unknown types apart", () => {
    const kinds = [
      { type: "earn", order_id: "order_1" },
      { type: "earn", order_id: null },
      { type: "redeem", order_id: "order_1" },
      { type: "bonus", order_id: "order_1", details: { bonus: "order_bonus" } },
      { type: "bonus", order_id: null, details: { bonus: "order_bonus" } },
      { type: "bonus", order_id: "order_1", details: { bonus: "achievement" } },
      { type: "bonus", order_id: null, details: { bonus: "something new" } },
      { type: "expire", order_id: null, details: { cause: "inactivity" } },
      { type: "adjust", order_id: "order_1" },
      { type: "unknown", order_id: null },
    ].map(descriptionKind)
    expect(kinds).toEqual([
      "earn_order", "earn", "redeem_order", "order_bonus_order", "order_bonus", "achievement", "bonus",
      "expire_inactivity", "adjust", "other",
    ])
  })
})
