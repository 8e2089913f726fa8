import { reviewDeadline, reviewTransition } from "../referral-review"

describe("reviewTransition", () => {
  it("approves and rejects a flagged referral, unbinds a bound or flagged one", () => {
    expect(reviewTransition("flagged", false, "approve")).toEqual({ to: "bound" })
    expect(reviewTransition("flagged", false, "reject")).toEqual({ to: "rejected" })
    expect(reviewTransition("flagged", false, "unbind")).toEqual({ to: "unbound" })
    expect(reviewTransition("bound", false, "unbind")).toEqual({ to: "unbound" })
    expect(reviewTransition("bound", true, "unbind")).toEqual({ to: "unbound" })
  })

  it("replays the decision that already stands", () => {
    expect(reviewTransition("bound", true, "approve")).toEqual({ replay: true })
    expect(reviewTransition("rejected", true, "reject")).toEqual({ replay: true })
    expect(reviewTransition("unbound", true, "unbind")).toEqual({ replay: true })
  })

  it("refuses every other move, saying why", () => {
    expect(reviewTransition("bound", false, "approve")).toEqual({ refused: expect.stringMatching(/only a flagged referral can be approved/) })
    expect(reviewTransition("bound", false, "reject")).toEqual({ refused: expect.stringMatching(/unbind a bound one/) })
    expect(reviewTransition("rejected", true, "approve")).toEqual({ refused: expect.stringMatching(/stays rejected/) })
    expect(reviewTransition("unbound", true, "approve")).toEqual({ refused: expect.stringMatching(/stays unbound/) })
    expect(reviewTransition("unbound", true, "reject")).toEqual({ refused: expect.stringMatching(/stays unbound/) })
    expect(reviewTransition("rejected", true, "unbind")).toEqual({ refused: expect.stringMatching(/pays nothing already/) })
  })
})

describe("reviewDeadline", () => {
  it("is the given number of days after the flag", () => {
    expect(reviewDeadline(new Date("2026-03-01T10:00:00Z"), 14).toISOString()).toBe("2026-03-15T10:00:00.000Z")
  })
})
