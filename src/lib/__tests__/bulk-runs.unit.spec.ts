import { bulkRepeatKey, bulkRowKey, bulkRunKeyPatterns, bulkRunsOf, nextBulkRepeatKey } from "../bulk-runs"

describe("bulk runs", () => {
  const row = (idempotency_key: string, points: number, created_at: string) => ({ idempotency_key, points, created_at })

  it("groups a run's ledger rows and its repeats' by key, with first and last times, rows and points", () => {
    const runs = bulkRunsOf("k", [
      row(bulkRowKey("k", "row3"), 15, "2026-05-01T10:00:02Z"),
      row(bulkRowKey("k", "row2"), 40, "2026-05-01T10:00:01Z"),
      row(bulkRowKey(bulkRepeatKey("k", 2), "row2"), 40, "2026-05-02T09:00:00Z"),
      row(bulkRowKey("k", "cus_1"), -5, "2026-05-01T10:00:03Z"),
    ])
    expect(runs).toEqual([
      {
        idempotency_key: "k",
        repeat: 1,
        credited_at: new Date("2026-05-01T10:00:01Z"),
        last_credited_at: new Date("2026-05-01T10:00:03Z"),
        transactions: 3,
        points: 50,
      },
      {
        idempotency_key: "k#2",
        repeat: 2,
        credited_at: new Date("2026-05-02T09:00:00Z"),
        last_credited_at: new Date("2026-05-02T09:00:00Z"),
        transactions: 1,
        points: 40,
      },
    ])
    expect(nextBulkRepeatKey("k", runs)).toBe("k#3")
  })

  it("leaves out other runs whose keys start alike, #1, #0, #02 and #x", () => {
    const at = "2026-05-01T10:00:00Z"
    const others = ["bulk:kk:row2", "bulk:k#1:row2", "bulk:k#0:row2", "bulk:k#02:row2", "bulk:k#x:row2", "bulk:k#2", "adjust:k:1"]
    expect(bulkRunsOf("k", others.map((key) => row(key, 1, at)))).toEqual([])
    expect(nextBulkRepeatKey("k", [])).toBe("k#2")
  })

  it("escapes LIKE's wildcards and its escape in the key", () => {
    expect(bulkRunKeyPatterns("a_b%c\\d")).toEqual(["bulk:a\\_b\\%c\\\\d:%", "bulk:a\\_b\\%c\\\\d#%"])
  })
})
