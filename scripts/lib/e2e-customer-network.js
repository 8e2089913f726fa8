"use strict"

/**
 * The customer page's Referrals block (issue 17, point 6): a referrer's network and a
 * referee's referrer, with shoppers made and bound through the store API.
 */
module.exports = function customerNetworkSteps({
  credentials,
  BASE,
  WIDTHS,
  call,
  adminGet,
  adminSend,
  programSettings,
  atWidth,
  noSidewaysScroll,
  shot,
  widgetShot,
  expectEqual,
}) {
  const key = { "x-publishable-api-key": credentials.publishable_key }

  /** A shopper registered as a storefront does, logged in; their own user agent, so no two look like one device. */
  const registerShopper = async (undo, first_name, last_name) => {
    const email = `e2e-${first_name.toLowerCase()}-${Date.now()}@example.com`
    const password = "e2e-secret-123"
    const agent = { "user-agent": `medusa-loyalty-e2e (${email})` }
    const { token: registration } = await call("POST", "/auth/customer/emailpass/register", { email, password }, agent)
    const { customer } = await call("POST", "/store/customers", { email, first_name, last_name }, { ...key, ...agent, authorization: `Bearer ${registration}` })
    undo((page) => adminSend(page, "DELETE", `/admin/customers/${customer.id}`, undefined, { gone: true }))
    const { token } = await call("POST", "/auth/customer/emailpass", { email, password }, agent)
    return { customer, headers: { ...key, ...agent, authorization: `Bearer ${token}` } }
  }

  /** The referrals card of the customer page, once it shows. */
  const openCustomer = async (page, customerId) => {
    await page.goto(`${BASE}/app/customers/${customerId}`)
    const block = page.getByTestId("loyalty-customer-referrals")
    await block.getByRole("heading", { name: "Referrals" }).waitFor()
    return block
  }

  return [
    ["shows who referred a customer and whom they brought on their customer pages, linked both ways", async (page, undo) => {
      await programSettings(page, undo, ["referrals"])
      await adminSend(page, "POST", "/admin/loyalty/program", { referrals: { enabled: true } })
      const anna = await registerShopper(undo, "Anna", "Referrer")
      const boris = await registerShopper(undo, "Boris", "Referee")
      const { referral_code: code } = await call("GET", "/store/loyalty/referrals", null, anna.headers)
      const { referral } = await call("POST", "/store/loyalty/referrals/claim", { code }, boris.headers)
      await expectEqual(referral?.status, "bound", "the claim's status")

      // The referrer's page: the referee as the admin API names them, linking to their page.
      const network = await adminGet(page, `/admin/customers/${anna.customer.id}/loyalty/referrals`)
      await expectEqual(network.invitees.map((i) => i.customer_id), [boris.customer.id], "the referrer's invitees in the API")
      const inviteeName = `${network.invitees[0].first_name} ${network.invitees[0].last_name}`
      for (const width of WIDTHS) {
        await atWidth(page, width)
        const block = await openCustomer(page, anna.customer.id)
        const invitee = block.getByTestId("loyalty-invitee").getByRole("link", { name: inviteeName, exact: true })
        await invitee.waitFor()
        await expectEqual(await invitee.getAttribute("href"), `/app/customers/${boris.customer.id}`, "the invitee's link")
        await expectEqual(await block.getByTestId("loyalty-referral-code").innerText(), network.referral_code, "the code shown")
        await block.getByTestId("loyalty-referred-by").getByText("Not referred by anyone.").waitFor()
        await noSidewaysScroll(page.getByTestId("loyalty-customer-widget"), `the Loyalty card with referrals at ${width} px`)
        await block.scrollIntoViewIfNeeded()
        await shot(page, `admin-customer-network-${width}`)
      }
      await widgetShot(page, "admin-customer-network")

      // The referee's page: who referred them, and the link to the referrer's page goes there.
      const { referred_by } = await adminGet(page, `/admin/customers/${boris.customer.id}/loyalty/referrals`)
      await expectEqual(referred_by?.referrer?.customer_id, anna.customer.id, "the referee's referrer in the API")
      const block = await openCustomer(page, boris.customer.id)
      const referrer = block.getByTestId("loyalty-referred-by").getByRole("link", {
        name: `${referred_by.referrer.first_name} ${referred_by.referrer.last_name}`,
        exact: true,
      })
      await referrer.waitFor()
      await block.getByTestId("loyalty-referred-by").getByText("Bound", { exact: true }).waitFor()
      await noSidewaysScroll(page.getByTestId("loyalty-customer-widget"), "the referee's Loyalty card")
      await block.scrollIntoViewIfNeeded()
      await shot(page, "admin-customer-referred-by")
      await referrer.click()
      await page.waitForURL(`${BASE}/app/customers/${anna.customer.id}`)
      await page.getByTestId("loyalty-customer-referrals").getByRole("link", { name: inviteeName, exact: true }).waitFor()
    }],
  ]
}
