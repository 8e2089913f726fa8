import Medusa from "@medusajs/js-sdk"

/** The admin's own session: requests go to the same server the admin is served from. */
export const sdk = new Medusa({
  baseUrl: "/",
  debug: false,
  auth: { type: "session" },
})
