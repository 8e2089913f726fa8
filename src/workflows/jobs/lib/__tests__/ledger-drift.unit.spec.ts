import { driftLine } from "../ledger-drift"

describe("driftLine", () => {
  it("names the account, the customer and each figure as recorded and as the ledger has it", () => {
    expect(
      driftLine({
        account_id: "lyacc_1",
        customer_id: "cus_1",
        differences: [
          { field: "balance", expected: 100, actual: 107 },
          { field: "held_lots", expected: 60, actual: 50 },
        ],
      })
    ).toBe(
      "medusa-loyalty: ledger drift on account lyacc_1 of customer cus_1: balance 107 (ledger: 100), " +
        "points holds take from lots 50 (ledger: 60); the account's figures no longer match its ledger rows " +
        "(admin: Loyalty → Ledger health)"
    )
  })

  it("keeps a figure it has no name for as the check called it", () => {
    expect(
      driftLine({ account_id: "a", customer_id: "c", differences: [{ field: "something_new", expected: 0, actual: 1 }] })
    ).toContain("something_new 1 (ledger: 0)")
  })
})
