import { drawHoldout, holdoutBucket } from "../holdout"

const since = new Date("2026-12-01T00:00:00Z")
const after = new Date("2026-12-02T00:00:00Z")
const ids = Array.from({ length: 100_000 }, (_, i) => `cus_${i.toString(36).padStart(8, "0")}`)

describe("holdout draw", () => {
  it("gives the same customer the same answer every time", () => {
    for (const id of ids.slice(0, 1000)) {
      expect(drawHoldout(id, { percent: 10, active_since: since }, after)).toBe(
        drawHoldout(id, { percent: 10, active_since: since }, after)
      )
      expect(holdoutBucket(id)).toBe(holdoutBucket(id))
    }
  })

  it.each([1, 10, 12.5, 50])("holds out about %s %% of 100 000 customers", (percent) => {
    const held = ids.filter((id) => drawHoldout(id, { percent, active_since: since }, after)).length
    // Binomial: three standard deviations of 100 000 draws is under 0.5 percentage points.
    expect(Math.abs(held / ids.length - percent / 100)).toBeLessThan(0.005)
  })

  it("holds nobody out at 0 %, before it was switched on, or for customers who signed up earlier", () => {
    expect(ids.some((id) => drawHoldout(id, { percent: 0, active_since: since }, after) !== null)).toBe(false)
    expect(ids.some((id) => drawHoldout(id, { percent: 50, active_since: null }, after) !== null)).toBe(false)
    const before = new Date(since.getTime() - 1)
    expect(ids.some((id) => drawHoldout(id, { percent: 50, active_since: since }, before) !== null)).toBe(false)
  })

  it("keeps a held-out customer held out when the share grows", () => {
    const at10 = ids.filter((id) => drawHoldout(id, { percent: 10, active_since: since }, after))
    expect(at10.every((id) => drawHoldout(id, { percent: 20, active_since: since }, after))).toBe(true)
  })

  it("signing up at the very moment of the switch counts as new", () => {
    expect(ids.slice(0, 100).every((id) => drawHoldout(id, { percent: 50, active_since: since }, since) !== null)).toBe(true)
  })
})
