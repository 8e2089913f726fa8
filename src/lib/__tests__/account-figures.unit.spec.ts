import { figuresFromLedger, LedgerRow } from "../account-figures"

const at = new Date(Date.UTC(2026, 0, 1))
let seq = 0
const row = (fields: Partial<LedgerRow> & Pick<LedgerRow, "type" | "points">): LedgerRow => ({
  id: `row_${++seq}`,
  status: "available",
  remaining: fields.points > 0 ? fields.points : null,
  unsettled: null,
  expires_at: null,
  created_at: at,
  ...fields,
})

describe("figuresFromLedger", () => {
  it("is zero for an empty ledger", () => {
    expect(figuresFromLedger([])).toEqual({ balance: 0, pending: 0 })
  })

  it("counts what is left in available lots as balance and pending lots as pending", () => {
    const rows = [
      row({ type: "earn", points: 500, remaining: 200 }),
      row({ type: "bonus", points: 100 }),
      row({ type: "earn", points: 300, status: "pending" }),
      row({ type: "redeem", points: -400 }), // spent from the lots above: no debt
    ]
    expect(figuresFromLedger(rows)).toEqual({ balance: 300, pending: 300 })
  })

  it("counts a partly reversed pending lot by what remains", () => {
    const rows = [row({ type: "earn", points: 300, status: "pending", remaining: 120 })]
    expect(figuresFromLedger(rows)).toEqual({ balance: 0, pending: 120 })
  })

  it("subtracts debt that no lot covered", () => {
    const rows = [
      row({ type: "earn", points: 100, remaining: 0 }),
      row({ type: "reversal", points: -150, unsettled: 150 }),
      row({ type: "redeem", points: -30, unsettled: 10 }),
    ]
    expect(figuresFromLedger(rows)).toEqual({ balance: -160, pending: 0 })
  })

  it("ignores void lots", () => {
    const rows = [row({ type: "earn", points: 80, status: "void", remaining: 80 })]
    expect(figuresFromLedger(rows)).toEqual({ balance: 0, pending: 0 })
  })

  it("still counts a lot past its expiry until the expire row is written", () => {
    const past = new Date(Date.UTC(2020, 0, 1))
    const lot = row({ type: "bonus", points: 50, expires_at: past })
    expect(figuresFromLedger([lot]).balance).toBe(50)
    const expired = [{ ...lot, remaining: 0 }, row({ type: "expire", points: -50 })]
    expect(figuresFromLedger(expired).balance).toBe(0)
  })

  it("adds up large balances exactly", () => {
    const rows = Array.from({ length: 5 }, () => row({ type: "adjust", points: 1_000_000_000 }))
    expect(figuresFromLedger(rows).balance).toBe(5_000_000_000)
  })
})
