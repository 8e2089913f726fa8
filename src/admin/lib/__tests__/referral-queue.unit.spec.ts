import { decisionLabel, partyName, reasonRequired, referralActions, referralListQuery, REFERRAL_FILTERS, siteActions } from "../referral-queue"

describe("the Referrals tab's rules", () => {
  it("asks the API for each view of the tab by the status, the reward or the refused claims", () => {
    expect(Object.fromEntries(["all", ...REFERRAL_FILTERS].map((filter) => [filter, referralListQuery(filter as any)]))).toEqual({
      all: {},
      flagged: { status: "flagged" },
      rewarded: { rewarded: true },
      not_rewarded: { rewarded: false },
      rejected: { status: "rejected" },
      unbound: { status: "unbound" },
      refused: { refused: true },
    })
  })

  it("offers approve and reject for a flagged referral, unbind for a bound one, nothing for a decided one", () => {
    expect({
      flagged: referralActions("flagged"),
      bound: referralActions("bound"),
      rejected: referralActions("rejected"),
      unbound: referralActions("unbound"),
    }).toEqual({ flagged: ["approve", "reject", "unbind"], bound: ["unbind"], rejected: [], unbound: [] })
  })

  it("offers approve again for an approved referral, which the server replays to pay what a failed payout left", () => {
    expect(referralActions("bound", true)).toEqual(["approve", "unbind"])
    expect(decisionLabel("bound", "approve")).toBe("pay_waiting")
    expect(decisionLabel("flagged", "approve")).toBe("approve")
    expect(referralActions("rejected", true)).toEqual([])
  })

  it("wants a reason to reject or unbind, not to approve", () => {
    expect([reasonRequired("approve"), reasonRequired("reject"), reasonRequired("unbind")]).toEqual([false, true, true])
  })

  it("approves only a verified site and rejects any site not rejected yet", () => {
    expect({
      pending: siteActions("pending"),
      verified: siteActions("verified"),
      approved: siteActions("approved"),
      rejected: siteActions("rejected"),
    }).toEqual({ pending: ["reject"], verified: ["approve", "reject"], approved: ["reject"], rejected: [] })
  })

  it("names a party by name, else e-mail, else customer id", () => {
    const party = { customer_id: "cus_1", first_name: "Nina", last_name: "Roth", email: "nina@shop.test" }
    expect([
      partyName(party),
      partyName({ ...party, last_name: null }),
      partyName({ ...party, first_name: null, last_name: null }),
      partyName({ ...party, first_name: null, last_name: null, email: null }),
    ]).toEqual(["Nina Roth", "Nina", "nina@shop.test", "cus_1"])
  })
})
