import { createHash } from "crypto"
import { runContent, runKeyOf } from "../run-key"

describe("a bulk run's key", () => {
  const csv = [
    { row: 2, email: "ada@shop.test", points: 40 },
    { row: 3, customer_id: "cus_02", points: -5 },
  ]
  const keyOf = (...args: Parameters<typeof runContent>) => runKeyOf(runContent(...args))

  it("is the SHA-256 of the run's content, the same each time it is prepared", async () => {
    const content = runContent({ source: "csv", entries: csv }, "Spring import")
    const key = await runKeyOf(content)
    expect(key).toBe(`run-${createHash("sha256").update(content).digest("hex")}`)
    expect(await keyOf({ source: "csv", entries: csv.map((entry) => ({ ...entry })) }, "Spring import")).toBe(key)
  })

  it("ignores an email's case, spaces around the reason and the order of selected members", async () => {
    const upper = [{ ...csv[0], email: "ADA@Shop.test" }, csv[1]]
    expect(await keyOf({ source: "csv", entries: upper }, "  Spring import ")).toBe(
      await keyOf({ source: "csv", entries: csv }, "Spring import")
    )
    expect(await keyOf({ source: "selected", customer_ids: ["cus_b", "cus_a", "cus_b"], points: 5 }, "gift")).toBe(
      await keyOf({ source: "selected", customer_ids: ["cus_a", "cus_b"], points: 5 }, "gift")
    )
  })

  it("differs when whom, how many points, the reason or the kind of target differ", async () => {
    const base = await keyOf({ source: "csv", entries: csv }, "Spring import")
    const others = await Promise.all([
      keyOf({ source: "csv", entries: [csv[0]] }, "Spring import"),
      keyOf({ source: "csv", entries: [{ ...csv[0], points: 41 }, csv[1]] }, "Spring import"),
      keyOf({ source: "csv", entries: [{ ...csv[0], row: 5 }, csv[1]] }, "Spring import"),
      keyOf({ source: "csv", entries: csv }, "Summer import"),
      keyOf({ source: "selected", customer_ids: ["cus_a"], points: 5 }, "gift"),
      keyOf({ source: "selected", customer_ids: ["cus_a"], points: 6 }, "gift"),
      keyOf({ source: "group", customer_group_id: "cus_a", points: 5 }, "gift"),
    ])
    expect(new Set([base, ...others]).size).toBe(8)
  })
})
