import en from "../../i18n/json/en.json"
import ru from "../../i18n/json/ru.json"
import { FLAG_KEYS, flagReasonKey, personName, showsReferrals, SITE_STATUS_KEYS, SOURCE_KEYS, STATUS_KEYS } from "../customer-network"

const lookup = (json: unknown, key: string) => key.split(".").reduce((node: any, part) => node?.[part], json)

describe("the customer page's referrals", () => {
  it("names a shopper by full name, else e-mail, else not at all", () => {
    expect(personName({ first_name: "Olga", last_name: "Petrova", email: "olga@test.dev" })).toBe("Olga Petrova")
    expect(personName({ first_name: " Olga ", last_name: null, email: "olga@test.dev" })).toBe("Olga")
    expect(personName({ first_name: "", last_name: "  ", email: "olga@test.dev" })).toBe("olga@test.dev")
    expect(personName({ first_name: null, last_name: null, email: null })).toBeNull()
    expect(personName(null)).toBeNull()
  })

  it("says why a referral was flagged only for a reason it knows", () => {
    expect(flagReasonKey("same_device")).toBe("loyalty.widget.referrals.flag.same_device")
    expect(flagReasonKey("large_order")).toBe("loyalty.widget.referrals.flag.large_order")
    expect(flagReasonKey(null)).toBeNull()
    expect(flagReasonKey("something_newer")).toBeNull()
    // Not a key of every object.
    expect(flagReasonKey("toString")).toBeNull()
  })

  it("has a text in both languages for every status, source, flag and site status", () => {
    for (const key of [STATUS_KEYS, SOURCE_KEYS, FLAG_KEYS, SITE_STATUS_KEYS].flatMap((keys) => Object.values(keys))) {
      expect([key, typeof lookup(en, key), typeof lookup(ru, key)]).toEqual([key, "string", "string"])
    }
  })

  it("shows the block while referrals run, or when the customer has referrals from before", () => {
    const none = { referrals_enabled: false, referred_by: null, count: 0, sites: [] }
    expect(showsReferrals(none)).toBe(false)
    expect(showsReferrals({ ...none, referrals_enabled: true })).toBe(true)
    expect(showsReferrals({ ...none, referred_by: { id: "lyrfl_1" } })).toBe(true)
    expect(showsReferrals({ ...none, count: 1 })).toBe(true)
    expect(showsReferrals({ ...none, sites: [{ id: "site_1" }] })).toBe(true)
  })
})
