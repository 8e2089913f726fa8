import { birthdayChangeError } from "../rules"

describe("birthdayChangeError", () => {
  it("lets a shopper set a birthday that is not set yet", () => {
    expect(birthdayChangeError(null, "1990-05-17")).toBeNull()
    expect(birthdayChangeError(undefined, "02-29")).toBeNull()
  })

  it("lets the same birthday be saved again", () => {
    expect(birthdayChangeError("1990-05-17", "1990-05-17")).toBeNull()
  })

  it("refuses to change a birthday once set, naming the one kept", () => {
    expect(birthdayChangeError("1990-05-17", "1990-05-18")).toBe(
      "birthday: already set to 1990-05-17; a birthday can be set only once"
    )
    expect(birthdayChangeError("1990-05-17", "05-17")).toMatch(/already set/)
  })

  it("refuses what is not a date before anything else", () => {
    expect(birthdayChangeError("1990-05-17", "1990-13-01")).toBe(
      'birthday: must be a date as YYYY-MM-DD or MM-DD, got "1990-13-01"'
    )
    expect(birthdayChangeError(null, null)).toMatch(/^birthday: must be a date/)
  })
})
