import { chunks, isBadRow, parseCsvRows } from "../csv-rows"

describe("parseCsvRows", () => {
  it("reads emails and customer ids with points, skipping a header and blank lines", () => {
    const text = "email,points\nada@shop.test,500\n\ncus_01ABC;-20\n\"bob@shop.test\",\"15\"\r\n"
    expect(parseCsvRows(text, "bad")).toEqual([
      { row: 2, email: "ada@shop.test", points: 500 },
      { row: 4, customer_id: "cus_01ABC", points: -20 },
      { row: 5, email: "bob@shop.test", points: 15 },
    ])
  })

  it("marks rows without a customer, with fractional, zero or missing points", () => {
    const rows = parseCsvRows("ada@shop.test,1\n,5\nbob@shop.test,1.5\ncleo@shop.test,0\ndan@shop.test", "bad row")
    expect(rows.map((r) => [r.row, isBadRow(r) ? r.error : "ok"])).toEqual([
      [1, "ok"],
      [2, "bad row"],
      [3, "bad row"],
      [4, "bad row"],
      [5, "bad row"],
    ])
  })
})

describe("chunks", () => {
  it("splits in order and keeps the remainder", () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]])
    expect(chunks([], 3)).toEqual([])
  })
})
