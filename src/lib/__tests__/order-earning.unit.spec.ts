import { returnedShare, unrefundedShare } from "../order-earning"

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
