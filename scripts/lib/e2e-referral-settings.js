/**
 * Browser steps for Settings → Loyalty's Referrals section (scripts/e2e.js spreads them into
 * its admin steps): fill every kind of field, save, and find exactly that in the API and on
 * screen after a reload; a value the server refuses shows its message and changes nothing; a
 * source with neither a UTM source nor a site is named under its row and not sent.
 */
const path = require("path")

/** The settings the steps start from: referrals as a fresh program has them. */
const START = {
  enabled: false,
  referrer_points: 0,
  referrer_percent: 0,
  referee_points: 0,
  every_order_days: 0,
  min_order_amount: {},
  monthly_cap: null,
  review_deadline_days: 14,
  review_default: "reject",
  coupon: null,
  external_sources: [],
  flag_order_over_average: null,
  flag_referrals_per_day: null,
}

/** A window tall enough for the whole section and the Save bar under it. */
const SHOT_HEIGHT = 2400

/** What the first step types, as the API must then have it. */
const FILLED = {
  enabled: true,
  referrer_points: 120,
  referrer_percent: 2.5,
  referee_points: 40,
  every_order_days: 30,
  min_order_amount: { eur: 15 },
  monthly_cap: 12,
  review_deadline_days: 7,
  review_default: "approve",
  coupon: { type: "fixed", value: { eur: 5 } },
  external_sources: [{ utm_source: "newsletter", origin: null, points: 25, expiry_days: null }],
  flag_order_over_average: 4,
  flag_referrals_per_day: null,
}

/** JSON with object keys sorted, so that two settings compare whatever order the server lists them in. */
const canonical = (value) =>
  JSON.stringify(value, (_, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v))

module.exports = ({ BASE, WORK_DIR, WIDTHS, adminGet, adminSend, programSettings, expectEqual, atWidth, noSidewaysScroll }) => {
  const expectSame = (actual, expected, what) => {
    if (canonical(actual) !== canonical(expected)) {
      throw new Error(`${what}: expected ${canonical(expected)}, got ${canonical(actual)}`)
    }
  }
  const referralsInApi = async (page) => (await adminGet(page, "/admin/loyalty/program")).program.referrals
  /** The referral settings put to `referrals` through the API for the step, and back after it. */
  const startFrom = async (page, undo, referrals) => {
    await programSettings(page, undo, ["referrals"])
    await adminSend(page, "POST", "/admin/loyalty/program", { referrals })
  }
  const openSection = async (page) => {
    await page.goto(`${BASE}/app/settings/loyalty`)
    await page.getByRole("heading", { name: "Referrals" }).waitFor()
    return page.getByTestId("loyalty-settings-referrals")
  }
  const pick = async (page, trigger, option) => {
    await page.locator(trigger).click()
    await page.getByRole("option", { name: option, exact: true }).click()
  }
  /**
   * The whole section with the Save bar under it: in a window tall enough for both (the admin
   * scrolls its content in a box of its own, so a taller section would be cut), scrolled to the
   * section's top.
   */
  const sectionShot = async (page, name) => {
    const { width } = page.viewportSize()
    await page.setViewportSize({ width, height: SHOT_HEIGHT })
    const section = page.getByTestId("loyalty-settings-referrals")
    await section.evaluate((element) => element.scrollIntoView({ block: "start" }))
    // The toasts (4 s each) would cover the section's top; the picture waits for them to go.
    await page.locator("[data-sonner-toast]").first().waitFor({ state: "detached", timeout: 20_000 })
    const box = await section.boundingBox()
    if (!box || box.y < 40 || box.y + box.height + 72 > SHOT_HEIGHT) throw new Error(`the Referrals section does not fit a ${SHOT_HEIGHT} px window: ${JSON.stringify(box)}`)
    await page.screenshot({ path: path.join(WORK_DIR, `${name}.png`), clip: { x: box.x, y: box.y, width: box.width, height: box.height + 72 } })
    await atWidth(page, width)
  }
  const value = (page, id) => page.locator(`#${id}`).inputValue()
  const save = (page) => page.getByTestId("loyalty-settings-save-bar").getByRole("button", { name: "Save", exact: true }).click()

  return [
    ["fills the Referrals settings, saves them and finds exactly them in the API and after a reload, at 1280 and 1440 px", async (page, undo) => {
      await startFrom(page, undo, START)
      const section = await openSection(page)
      await page.locator("#loyalty-referrals-enabled").click()
      await page.fill("#loyalty-referrals-referrer_points", "120")
      await page.fill("#loyalty-referrals-referrer_percent", "2.5")
      await page.fill("#loyalty-referrals-referee_points", "40")
      await page.fill("#loyalty-referrals-every_order_days", "30")
      // A minimum in EUR: "Add a minimum" adds the store's default currency first.
      await section.getByRole("button", { name: "Add a minimum" }).click()
      await expectEqual(await page.locator("#loyalty-referrals-min_order_amount-currency-0").innerText(), "EUR · Euro", "the new minimum's currency")
      await page.fill("#loyalty-referrals-min_order_amount-amount-0", "15")
      await pick(page, "#loyalty-referrals-coupon", "Fixed amount off")
      await expectEqual(await page.locator("#loyalty-referrals-coupon-currency").innerText(), "EUR · Euro", "the coupon's currency")
      await page.fill("#loyalty-referrals-coupon-amount", "5")
      await page.fill("#loyalty-referrals-monthly_cap", "12")
      await page.fill("#loyalty-referrals-flag_order_over_average", "4")
      await page.fill("#loyalty-referrals-review_deadline_days", "7")
      await pick(page, "#loyalty-referrals-review_default", "Approve (pay the reward)")
      await section.getByRole("button", { name: "Add source" }).click()
      await page.fill("#loyalty-referrals-source-0-utm_source", "newsletter")
      await page.fill("#loyalty-referrals-source-0-points", "25")
      await page.getByTestId("loyalty-settings-save-bar").getByText("Unsaved changes").waitFor()
      await save(page)
      await page.getByText("Loyalty settings saved").first().waitFor()
      expectSame(await referralsInApi(page), FILLED, "referrals in the API after saving")

      await page.reload()
      await page.getByRole("heading", { name: "Referrals" }).waitFor()
      await expectEqual(await page.locator("#loyalty-referrals-enabled").isChecked(), true, "referrals switched on after the reload")
      const shown = {
        referrer_points: await value(page, "loyalty-referrals-referrer_points"),
        referrer_percent: await value(page, "loyalty-referrals-referrer_percent"),
        referee_points: await value(page, "loyalty-referrals-referee_points"),
        every_order_days: await value(page, "loyalty-referrals-every_order_days"),
        min_amount: [await page.locator("#loyalty-referrals-min_order_amount-currency-0").innerText(), await value(page, "loyalty-referrals-min_order_amount-amount-0")],
        coupon: [
          await page.locator("#loyalty-referrals-coupon").innerText(),
          await page.locator("#loyalty-referrals-coupon-currency").innerText(),
          await value(page, "loyalty-referrals-coupon-amount"),
        ],
        monthly_cap: await value(page, "loyalty-referrals-monthly_cap"),
        flag_order_over_average: await value(page, "loyalty-referrals-flag_order_over_average"),
        flag_referrals_per_day: await value(page, "loyalty-referrals-flag_referrals_per_day"),
        review_deadline_days: await value(page, "loyalty-referrals-review_deadline_days"),
        review_default: await page.locator("#loyalty-referrals-review_default").innerText(),
        source: [
          await value(page, "loyalty-referrals-source-0-utm_source"),
          await value(page, "loyalty-referrals-source-0-origin"),
          await value(page, "loyalty-referrals-source-0-points"),
          await value(page, "loyalty-referrals-source-0-expiry_days"),
        ],
        sources: await section.getByTestId("loyalty-referrals-source").count(),
      }
      expectSame(
        shown,
        {
          referrer_points: "120",
          referrer_percent: "2.5",
          referee_points: "40",
          every_order_days: "30",
          min_amount: ["EUR · Euro", "15"],
          coupon: ["Fixed amount off", "EUR · Euro", "5"],
          monthly_cap: "12",
          flag_order_over_average: "4",
          flag_referrals_per_day: "",
          review_deadline_days: "7",
          review_default: "Approve (pay the reward)",
          source: ["newsletter", "", "25", ""],
          sources: 1,
        },
        "the Referrals fields after the reload"
      )
      for (const width of WIDTHS) {
        await atWidth(page, width)
        await noSidewaysScroll(section, `the Referrals section at ${width} px`)
        await sectionShot(page, width === 1440 ? "admin-settings-referrals" : `admin-settings-referrals-${width}`)
      }
    }],

    ["refuses a referral percent over 100 with the server's message and a source with no UTM source or site under its row, changing nothing", async (page, undo) => {
      await startFrom(page, undo, FILLED)
      const posts = []
      page.on("request", (request) => {
        if (request.method() === "POST" && new URL(request.url()).pathname === "/admin/loyalty/program") posts.push(request)
      })
      await openSection(page)
      await page.fill("#loyalty-referrals-referrer_percent", "150")
      await save(page)
      await page.getByText(/referrer_percent.*100/).first().waitFor()
      await expectEqual(posts.length, 1, "saves sent with the percent over 100")
      expectSame(await referralsInApi(page), FILLED, "referrals in the API after the refused percent")

      // A source row with points but neither a UTM source nor a site: named under the row, not sent.
      await page.fill("#loyalty-referrals-referrer_percent", "3")
      await page.fill("#loyalty-referrals-source-0-utm_source", "")
      await save(page)
      await page.locator("#loyalty-referrals-source-0-error").waitFor()
      await expectEqual(await page.locator("#loyalty-referrals-source-0-error").innerText(), "Fill a UTM source or a referring site", "the message under the source")
      await page.getByText("Some referral settings need fixing").first().waitFor()
      await expectEqual(posts.length, 1, "saves sent with a source naming nothing")
      expectSame(await referralsInApi(page), FILLED, "referrals in the API after the refused source")
      await sectionShot(page, "admin-settings-referrals-invalid")

      // Fixed, it saves, and the message goes.
      await page.fill("#loyalty-referrals-source-0-origin", "https://blog.example.com")
      await page.locator("#loyalty-referrals-source-0-error").waitFor({ state: "detached" })
      await save(page)
      await page.getByText("Loyalty settings saved").first().waitFor()
      expectSame(
        await referralsInApi(page),
        { ...FILLED, referrer_percent: 3, external_sources: [{ utm_source: null, origin: "https://blog.example.com", points: 25, expiry_days: null }] },
        "referrals in the API after the fix"
      )
    }],
  ]
}
