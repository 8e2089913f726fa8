import { MathBN } from "@medusajs/framework/utils"
import { ruleLinesOfOrder } from "../rules"
import {
  discountGoneShare,
  lotEntitlement,
  orderEarned,
  reversalsNewestFirst,
  settlementMove,
} from "../order-settlement"

const share = (lines: Parameters<typeof discountGoneShare>[0], given?: string | number | null) =>
  discountGoneShare(lines, given).map((value) => MathBN.convert(value).toString(10))

describe("settling an order to what its items earn now", () => {
  it("reverses the excess when the order earns less", () => {
    expect(settlementMove(308, orderEarned([{ points: 558, reversed: 0, entitled: 558 }]))).toEqual({ credit: 0, reverse: 250 })
  })

  it("credits the rise when the order earns more, and nothing once it holds it", () => {
    expect(settlementMove(658, orderEarned([{ points: 558, reversed: 0, entitled: 558 }]))).toEqual({ credit: 100, reverse: 0 })
    const after = orderEarned([
      { points: 558, reversed: 0, entitled: 558 },
      { points: 100, reversed: 0, entitled: 100 },
    ])
    expect(settlementMove(658, after)).toEqual({ credit: 0, reverse: 0 })
  })

  it("counts reversals against what the order holds and was entitled to", () => {
    const earned = orderEarned([
      { points: 558, reversed: 93, entitled: 558 },
      { points: 250, reversed: 0, entitled: 250 },
    ])
    expect(earned).toEqual({ net: 715, entitled: 715 })
    expect(settlementMove(808, earned)).toEqual({ credit: 93, reverse: 0 })
  })

  it("credits nothing that max_balance cut: only a rise above the entitlement earns", () => {
    // 308 earned, cut to 100 by max_balance: a return to 200 keeps the 100, takes nothing, gives nothing.
    const capped = orderEarned([{ points: 100, reversed: 0, entitled: 308 }])
    expect(settlementMove(200, capped)).toEqual({ credit: 0, reverse: 0 })
    expect(settlementMove(50, capped)).toEqual({ credit: 0, reverse: 50 })
    expect(settlementMove(400, capped)).toEqual({ credit: 92, reverse: 0 })
  })

  it.each([-1, 1.5])("refuses a target of %p", (target) => {
    expect(() => settlementMove(target, { net: 0, entitled: 0 })).toThrow(RangeError)
  })
})

describe("lotEntitlement", () => {
  it("is the lot's points unless max_balance cut it", () => {
    expect(lotEntitlement({ points: 558, details: { uncapped_points: 600, capped_by: "max_points_per_order" } })).toBe(558)
    expect(lotEntitlement({ points: 558, details: null })).toBe(558)
  })

  it("is the points before the cut, still within max_points_per_order", () => {
    expect(lotEntitlement({ points: 100, details: { capped_by: "max_balance", uncapped_points: 308, context: {} } })).toBe(308)
    expect(
      lotEntitlement({ points: 100, details: { capped_by: "max_balance", uncapped_points: 308, context: { max_points_per_order: 250 } } })
    ).toBe(250)
    // Cut by the ledger under the lock: it records what was asked.
    expect(lotEntitlement({ points: 100, details: { capped_by: "max_balance", requested_points: 200 } })).toBe(200)
  })
})

describe("reversalsNewestFirst", () => {
  it("takes from the newest lots first, each no more than it can give", () => {
    expect(reversalsNewestFirst(93, [558, 250])).toEqual([0, 93])
    expect(reversalsNewestFirst(300, [558, 250])).toEqual([50, 250])
    expect(reversalsNewestFirst(1000, [558, 0])).toEqual([558, 0])
    expect(reversalsNewestFirst(0, [558])).toEqual([0])
  })
})

describe("discountGoneShare", () => {
  // 10.00 of points discount: 8.33 on two shirts, 1.67 on a mug.
  const placed = [
    { discount: "8.3333333333", quantity: 2, gone_quantity: 0 },
    { discount: "1.6666666667", quantity: 1, gone_quantity: 0 },
  ]

  it("keeps all of it while every line is there", () => {
    expect(share(placed, "10")).toEqual(["0", "10"])
  })

  it("keeps a line's whole discount when an edit lowers its quantity (Medusa spreads it over the units left)", () => {
    expect(share([{ ...placed[0], quantity: 1 }, placed[1]], "10")).toEqual(["0", "10"])
  })

  it("gives up a line an edit took out, which is no longer among the lines", () => {
    expect(share([placed[0]], "10")).toEqual(["1.6666666667", "10"])
  })

  it("gives up the share of units returned or written off", () => {
    expect(share([{ ...placed[0], gone_quantity: 1 }, placed[1]], "10")).toEqual(["4.16666666665", "10"])
    expect(share([placed[0], { ...placed[1], gone_quantity: 1 }])).toEqual(["1.6666666667", "10"])
  })

  it("gives up all of it when the lines no longer carry it", () => {
    expect(share([{ discount: 0, quantity: 2, gone_quantity: 0 }], "10")).toEqual(["10", "10"])
  })

  it("is [0, 0] when there was no discount", () => {
    expect(share([{ discount: 0, quantity: 1, gone_quantity: 0 }])).toEqual(["0", "0"])
  })
})

describe("ruleLinesOfOrder with written-off units", () => {
  it("leaves out units a refund claim wrote off, which Medusa's totals still count", () => {
    const [line] = ruleLinesOfOrder(
      { items: [{ id: "mug", quantity: 2, subtotal: 40, discount_subtotal: 4, total: 43.2, claimed_quantity: 1 }] },
      { earn_on_shipping: false, earn_on_tax: false }
    )
    expect(MathBN.convert(line.quantity).toString(10)).toBe("1")
    expect(MathBN.convert(line.amount).toString(10)).toBe("18")
  })
})
