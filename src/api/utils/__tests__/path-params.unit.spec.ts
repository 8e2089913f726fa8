import { malformedPathId } from "../path-params"

describe("malformedPathId", () => {
  it.each([
    ["/admin/loyalty/tiers/%E0%A4%A", "%E0%A4%A"],
    ["/admin/loyalty/campaigns/%ZZ", "%ZZ"],
    ["/admin/loyalty/rules/%/", "%"],
    ["/admin/customers/%ZZ/loyalty", "%ZZ"],
    ["/admin/customers/%C0%AF/loyalty/transactions", "%C0%AF"],
    ["/Admin/Customers/%ZZ/Loyalty/adjustments", "%ZZ"],
    ["/admin/orders/%E0/loyalty", "%E0"],
    ["/store/carts/%/loyalty-points", "%"],
  ])("names the id of %s", (path, id) => {
    expect(malformedPathId(path)).toBe(`Invalid request: id: "${id}" is not valid percent-encoding`)
  })

  it.each([
    "/admin/loyalty/tiers/tier_01%20x",
    "/admin/customers/cus_1/loyalty",
    "/store/carts/cart_%E2%82%AC/loyalty-points",
    // Not the plugin's: left to Medusa.
    "/admin/customers/%ZZ",
    "/admin/customers/%ZZ/addresses",
    "/store/carts/%/line-items",
    "/admin/loyalty/tiers",
  ])("finds nothing wrong with %s for the plugin to answer", (path) => {
    expect(malformedPathId(path)).toBeNull()
  })
})
