"use strict"

/**
 * The Referrals tab of the Loyalty page (scripts/e2e.js runs these after logging in). The data is
 * made through the store API as a storefront would: a referrer, a friend who claims the code on
 * the referrer's own device (flagged: same_device) and one on their own (bound), a shopper who
 * claims their own code (refused), a referring site; the decisions are made in the admin and
 * checked through the admin API.
 */

const { until, expectEqual } = require("./http")

const PASSWORD = "secret-123"

module.exports = ({ credentials, shot, adminGet, adminSend, call, programSettings, BASE, WIDTHS, atWidth }) => {
  const key = { "x-publishable-api-key": credentials.publishable_key }
  const run = Date.now().toString(36)

  /** Turns referrals on for the step; the undo puts the referral settings back. */
  const enableReferrals = async (page, undo) => {
    await programSettings(page, undo, ["referrals"])
    await adminSend(page, "POST", "/admin/loyalty/program", { referrals: { enabled: true } })
  }

  /**
   * A shopper registered as a storefront does, logged in, on a browser of their own (`agent`: the
   * user agent; with one address for everyone, the same agent is the same device), once their
   * loyalty account is there.
   */
  const register = async (firstName, agent) => {
    const lastName = `E2E-${run}`
    const email = `${firstName.toLowerCase()}-${run}@test.dev`
    const { token } = await call("POST", "/auth/customer/emailpass/register", { email, password: PASSWORD })
    const { customer } = await call(
      "POST",
      "/store/customers",
      { email, first_name: firstName, last_name: lastName },
      { ...key, authorization: `Bearer ${token}` }
    )
    const login = await call("POST", "/auth/customer/emailpass", { email, password: PASSWORD })
    const headers = { ...key, authorization: `Bearer ${login.token}`, "user-agent": agent }
    let account
    await until(async () => {
      account = (await call("GET", "/store/loyalty/account", null, headers).catch(() => ({}))).account
      return !!account?.referral_code
    }, `the loyalty account of ${email}`)
    return { id: customer.id, email, name: `${firstName} ${lastName}`, code: account.referral_code, headers }
  }

  const referralOf = async (page, refereeId) => {
    const { referrals } = await adminGet(page, "/admin/loyalty/referrals?limit=100")
    const referral = referrals.find((r) => r.referee?.customer_id === refereeId)
    if (!referral) throw new Error(`GET /admin/loyalty/referrals has no referral of ${refereeId}`)
    return referral
  }

  const openTab = async (page) => {
    await page.goto(`${BASE}/app/loyalty`)
    await page.getByRole("tab", { name: "Referrals" }).click()
  }

  /** Picks `option` in the filter named `label`. */
  const filter = async (page, label, option) => {
    await page.getByRole("combobox", { name: label }).click()
    await page.getByRole("option", { name: option, exact: true }).click()
  }

  /** Opens a referral's menu, picks `decision`, writes `reason` in the prompt and confirms. */
  const decide = async (page, name, decision, reason, { reasonRequired }) => {
    await page.getByRole("button", { name: `Actions for ${name}` }).click()
    await page.getByRole("menuitem", { name: decision }).click()
    const prompt = page.getByRole("alertdialog")
    const confirm = prompt.getByRole("button", { name: decision, exact: true })
    await expectEqual(await confirm.isDisabled(), reasonRequired, `${decision} disabled before a reason is written`)
    await prompt.getByLabel(reasonRequired ? "Reason" : "Reason (optional)").fill(reason)
    await confirm.click()
    await prompt.waitFor({ state: "detached" })
  }

  return [
    ["lists referrals with both parties, approves a flagged one and unbinds a bound one with a reason (Referrals tab)", async (page, undo) => {
      await enableReferrals(page, undo)
      const referrer = await register("Rita", `e2e-rita-${run}`)
      // Claimed on Rita's own browser: flagged for review (same_device).
      const flora = await register("Flora", `e2e-rita-${run}`)
      await call("POST", "/store/loyalty/referrals/claim", { code: referrer.code }, flora.headers)
      const boris = await register("Boris", `e2e-boris-${run}`)
      await call("POST", "/store/loyalty/referrals/claim", { code: referrer.code }, boris.headers)
      const flagged = await referralOf(page, flora.id)
      await expectEqual([flagged.status, flagged.flag_reason], ["flagged", "same_device"], "Flora's referral in the API")
      await expectEqual((await referralOf(page, boris.id)).status, "bound", "Boris's referral in the API")

      await openTab(page)
      // Each row names both parties as the API does, with the status and, when flagged, why.
      const rowOf = (who) => page.getByRole("row").filter({ hasText: who.email })
      for (const [who, status] of [[flora, "Flagged"], [boris, "Bound"]]) {
        const row = rowOf(who)
        await row.getByRole("link", { name: who.name }).waitFor()
        await row.getByRole("link", { name: referrer.name }).waitFor()
        await row.getByText(referrer.email).waitFor()
        await row.getByText(status, { exact: true }).waitFor()
        await row.getByText(referrer.code).waitFor()
      }
      await rowOf(flora).getByText("Claimed from the referrer's own device").waitFor()
      await expectEqual(
        await rowOf(flora).getByRole("link", { name: flora.name }).getAttribute("href"),
        `/app/customers/${flora.id}`,
        "the referee's link"
      )
      for (const width of WIDTHS) {
        await atWidth(page, width)
        await shot(page, width === 1440 ? "admin-referrals" : `admin-referrals-${width}`)
      }

      // Flagged only: Boris's bound referral leaves the list; Flora's is approved with a reason.
      await filter(page, "Show", "Flagged")
      await rowOf(boris).waitFor({ state: "detached" })
      const approval = `E2E checked by phone ${run}`
      await decide(page, flora.name, "Approve", approval, { reasonRequired: false })
      await page.getByText(`Referral of ${flora.name} approved`).first().waitFor()
      await rowOf(flora).waitFor({ state: "detached" })
      const approved = await referralOf(page, flora.id)
      await expectEqual([approved.status, approved.review_note], ["bound", approval], "Flora's referral after Approve")

      // All again: Boris is unbound, which wants a reason; the row shows the decision.
      await filter(page, "Show", "All referrals")
      const why = `E2E same household ${run}`
      await decide(page, boris.name, "Unbind", why, { reasonRequired: true })
      await page.getByText(`${boris.name} unbound from their referrer`).first().waitFor()
      const unbound = await referralOf(page, boris.id)
      await expectEqual([unbound.status, unbound.review_note], ["unbound", why], "Boris's referral after Unbind")
      await rowOf(boris).getByText("Unbound", { exact: true }).waitFor()
      await rowOf(boris).getByText(why, { exact: false }).waitFor()
      await filter(page, "Show", "Unbound")
      await rowOf(boris).waitFor()
      await rowOf(flora).waitFor({ state: "detached" })
    }],

    ["shows a refused claim in plain words and rejects a referring site with a reason (Referrals tab)", async (page, undo) => {
      await enableReferrals(page, undo)
      const selma = await register("Selma", `e2e-selma-${run}`)
      const refused = await call("POST", "/store/loyalty/referrals/claim", { code: selma.code }, selma.headers).then(
        () => null,
        (error) => error.message
      )
      if (!refused) throw new Error("claiming one's own referral code was not refused")
      const { refusals } = await adminGet(page, "/admin/loyalty/referrals?refused=true")
      const refusal = refusals.find((r) => r.shopper?.customer_id === selma.id)
      await expectEqual(refusal?.reason, "self_referral", "Selma's refusal in the API")

      const origin = `https://selma-${run}.example`
      const { site } = await call("POST", "/store/loyalty/referrals/sites", { origin }, selma.headers)

      await openTab(page)
      await filter(page, "Show", "Refused claims")
      const row = page.getByRole("row").filter({ hasText: selma.email })
      await row.getByText("The shopper tried their own code").waitFor()
      await row.getByText(selma.code, { exact: true }).waitFor()

      // The site is not verified: the sites list opens on those waiting for approval, so not there.
      const sites = page.getByTestId("referral-sites")
      await sites.getByText("No referring sites here.").waitFor()
      await filter(page, "Site status", "Not verified yet")
      const siteRow = sites.getByRole("row").filter({ hasText: origin })
      await siteRow.getByText(selma.email).waitFor()
      await expectEqual(await siteRow.getByRole("button", { name: `Approve ${origin}` }).count(), 0, "Approve on a site not verified")
      await siteRow.getByRole("button", { name: `Reject ${origin}` }).click()
      const prompt = page.getByRole("alertdialog")
      const reject = prompt.getByRole("button", { name: "Reject", exact: true })
      await expectEqual(await reject.isDisabled(), true, "Reject before a reason is written")
      const reason = `E2E not the owner's site ${run}`
      await prompt.getByLabel("Reason").fill(reason)
      await reject.click()
      await page.getByText(`${origin} rejected`).first().waitFor()
      await siteRow.waitFor({ state: "detached" })
      const { sites: rejected } = await adminGet(page, "/admin/loyalty/referrals/sites?status=rejected&limit=100")
      const after = rejected.find((s) => s.id === site.id)
      await expectEqual([after?.status, after?.review_note], ["rejected", reason], "the site after Reject")
      await filter(page, "Site status", "Rejected")
      await siteRow.getByText(reason).waitFor()
      await shot(page, "admin-referrals-refused")
    }],
  ]
}
