#!/usr/bin/env node
"use strict"

/**
 * npm run test:e2e — the admin pages in a real headless Chromium against the demo store:
 *
 *   1. installs Debian's Chromium when /usr/bin/chromium is missing (apt-get, as root),
 *   2. starts `npm run demo` (scripts/demo.js) on E2E_PORT (default 9123) and waits for the admin,
 *   3. places an order paid partly with points through the store API,
 *   4. drives the admin with playwright-core: settings, a customer's points, an order, bulk
 *      accrual from a CSV (twice: the second run credits nobody), reports, a ledger check, tiers, campaigns, a rule, a
 *      welcome bonus, the shopper's tier, the members' tier filter, and the Russian texts
 *      (the program-rules steps are skipped, with the reason, on a server without them),
 *   5. stops the demo, then copies the screenshots and the demo's log to test-artifacts/e2e/.
 *
 * The last line printed is `N passed, N failed[, N skipped]`; the exit code is non-zero when a
 * step failed.
 */

const fs = require("fs")
const os = require("os")
const path = require("path")
const { spawn, spawnSync } = require("child_process")

const PROJECT_ROOT = path.resolve(__dirname, "..")
const PORT = Number(process.env.E2E_PORT || 9123)
const BASE = `http://localhost:${PORT}`
const ARTIFACTS = path.join(PROJECT_ROOT, "test-artifacts", "e2e")
// While the demo runs, nothing may be written in the project: `medusa develop` restarts on it.
const WORK_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "medusa-loyalty-e2e-"))
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium"
const CREDENTIALS_FILE = path.join(PROJECT_ROOT, ".data", "demo-credentials.json")
const START_TIMEOUT_MS = 15 * 60 * 1000

const log = (message) => console.log(`[e2e] ${message}`)
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

async function main() {
  ensureChromium()
  const demo = startDemo()
  const results = []
  let browser
  try {
    await waitForAdmin(demo)
    const credentials = JSON.parse(fs.readFileSync(CREDENTIALS_FILE, "utf8"))
    const orderId = await placeOrderWithPoints(credentials)
    log(`placed order ${orderId} with 100 points`)

    const { chromium } = require("playwright-core")
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    })
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } })
    page.setDefaultTimeout(60_000)
    const step = async (name, run) => {
      const started = Date.now()
      try {
        await run()
        results.push({ name, ok: true })
        log(`✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
      } catch (error) {
        if (error instanceof Skip) {
          results.push({ name, ok: true, skipped: error.message })
          log(`- ${name}: skipped, ${error.message}`)
          return
        }
        results.push({ name, ok: false, error })
        log(`✗ ${name}: ${error.message.split("\n")[0]}`)
        await page.screenshot({ path: path.join(WORK_DIR, `failed-${slug(name)}.png`), fullPage: true }).catch(() => {})
      }
    }
    const shot = (name) => page.screenshot({ path: path.join(WORK_DIR, `${name}.png`), fullPage: true })
    // The customer page's loyalty card alone (the innermost element with its heading and figures).
    const widgetShot = (name) =>
      page
        .locator("div", { has: page.getByRole("heading", { name: "Loyalty points" }) })
        .filter({ hasText: "Lifetime earned" })
        .last()
        .screenshot({ path: path.join(WORK_DIR, `${name}.png`) })

    await step("logs in to the admin", async () => {
      await page.goto(`${BASE}/app/login`)
      await page.fill('input[name="email"]', credentials.admin.email)
      await page.fill('input[name="password"]', credentials.admin.password)
      await page.click('button[type="submit"]')
      await page.waitForURL(/\/app\/orders/, { timeout: 120_000 })
    })

    await step("changes a setting, saves it and sees it after a reload", async () => {
      await page.goto(`${BASE}/app/settings/loyalty`)
      await page.getByRole("heading", { name: "Loyalty program" }).waitFor()
      const earn = page.locator("#loyalty-earn_percent")
      const next = (await earn.inputValue()) === "7" ? "6" : "7"
      await earn.fill(next)
      await page.getByRole("button", { name: "Save" }).click()
      await page.getByText("Loyalty settings saved").first().waitFor()
      await page.reload()
      await page.getByRole("heading", { name: "Loyalty program" }).waitFor()
      await expectEqual(await page.locator("#loyalty-earn_percent").inputValue(), next, "earn percent after reload")
      await shot("settings")
    })

    await step("refuses a bad setting with the server's message", async () => {
      await page.locator("#loyalty-max_redeem_percent").fill("150")
      await page.getByRole("button", { name: "Save" }).click()
      await page.getByText(/max_redeem_percent/).first().waitFor()
      await page.reload()
    })

    await step("adjusts a shopper's points and sees the new ledger row and balance", async () => {
      const customerId = credentials.shopper.customer_id
      const before = await adminGet(page, `/admin/customers/${customerId}/loyalty`)
      await page.goto(`${BASE}/app/customers/${customerId}`)
      await page.getByRole("heading", { name: "Loyalty points" }).waitFor()
      await page.getByRole("button", { name: "Adjust points" }).click()
      const reason = `E2E goodwill ${Date.now()}`
      await page.fill("#loyalty-points", "250")
      await page.fill("#loyalty-reason", reason)
      await page.getByRole("button", { name: "Save" }).click()
      await page.getByRole("alertdialog").getByRole("button", { name: "Adjust points" }).click()
      await page.getByText("Points adjusted by 250").first().waitFor()
      await page.getByRole("cell", { name: reason }).waitFor()
      // The ledger filtered to one type still shows it; filtered to another, not.
      await page.getByRole("combobox", { name: "Type" }).click()
      await page.getByRole("option", { name: "Spent" }).click()
      await page.getByRole("cell", { name: reason }).waitFor({ state: "detached" })
      await page.getByRole("combobox", { name: "Type" }).click()
      await page.getByRole("option", { name: "Adjustment" }).click()
      await page.getByRole("cell", { name: reason }).waitFor()
      const after = await adminGet(page, `/admin/customers/${customerId}/loyalty`)
      await expectEqual(after.account.balance, before.account.balance + 250, "balance after the adjustment")
      await page.getByText(String(after.account.balance), { exact: true }).first().waitFor()
      await shot("customer")
      await widgetShot("customer-widget")
    })

    await step("shows the points an order spent on the order page", async () => {
      await page.goto(`${BASE}/app/orders/${orderId}`)
      const widget = page.locator("div", { has: page.getByRole("heading", { name: "Loyalty points" }) }).filter({ hasText: "Spent" }).last()
      await widget.waitFor()
      await widget.getByText("100", { exact: true }).first().waitFor()
      await shot("order")
    })

    await step("lists members and credits a CSV in bulk, once", async () => {
      await page.goto(`${BASE}/app/loyalty`)
      await page.getByRole("heading", { name: "Loyalty", exact: true }).waitFor()
      await page.getByText(credentials.shopper.email).first().waitFor()
      await shot("members")
      const before = await adminGet(page, `/admin/customers/${credentials.shopper.customer_id}/loyalty`)
      await page.getByRole("tab", { name: "Bulk accrual" }).click()
      await page.getByLabel("A CSV file").click()
      const csv = `email,points\n${credentials.shopper.email},40\nnobody@example.com,5\nnot a row\n`
      await page.setInputFiles("#loyalty-bulk-csv", { name: "points.csv", mimeType: "text/csv", buffer: Buffer.from(csv) })
      await page.getByText("expected email or customer id, then whole points").first().waitFor()
      // A bad row keeps the button off; a clean file goes through.
      await expectEqual(await page.getByRole("button", { name: "Credit points" }).isDisabled(), true, "button with a bad row")
      await page.setInputFiles("#loyalty-bulk-csv", {
        name: "points.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(`email,points\n${credentials.shopper.email},40\nnobody@example.com,5\n`),
      })
      await page.fill("#loyalty-bulk-reason", "E2E bulk accrual")
      await page.getByRole("button", { name: "Credit points" }).click()
      await page.getByRole("alertdialog").getByRole("button", { name: "Credit points" }).click()
      await page.getByText("1 credited, 0 already done, 1 failed").first().waitFor()
      await page.getByText("Row 3: no customer nobody@example.com").first().waitFor()
      const after = await adminGet(page, `/admin/customers/${credentials.shopper.customer_id}/loyalty`)
      await expectEqual(after.account.balance, before.account.balance + 40, "balance after the bulk accrual")
      await shot("bulk-accrual")
      // The same file again is the same run: nobody is credited twice.
      await page.getByRole("button", { name: "Credit points" }).click()
      await page.getByRole("alertdialog").getByRole("button", { name: "Credit points" }).click()
      await page.getByText("0 credited, 1 already done, 1 failed").first().waitFor()
      const again = await adminGet(page, `/admin/customers/${credentials.shopper.customer_id}/loyalty`)
      await expectEqual(again.account.balance, after.account.balance, "balance after running the same file again")
    })

    await step("after a reload, the same CSV shows when it was credited, credits nobody, and a confirmed repeat credits once", async () => {
      const customerId = credentials.shopper.customer_id
      const balance = async () => (await adminGet(page, `/admin/customers/${customerId}/loyalty`)).account.balance
      // A reason of its own: this run's content (and so its key) is new even on a database reused from an earlier run.
      const reason = `E2E same file ${Date.now()}`
      const file = { name: "points.csv", mimeType: "text/csv", buffer: Buffer.from(`email,points\n${credentials.shopper.email},25\nnobody@example.com,5\n`) }
      const prepare = async () => {
        await page.goto(`${BASE}/app/loyalty`)
        await page.getByRole("tab", { name: "Bulk accrual" }).click()
        await page.getByLabel("A CSV file").click()
        await page.setInputFiles("#loyalty-bulk-csv", file)
        await page.fill("#loyalty-bulk-reason", reason)
      }
      const credit = async (button, action, summary) => {
        await page.getByRole("button", { name: button, exact: true }).click()
        await action(page.getByRole("alertdialog").getByRole("button", { name: button, exact: true }))
        await page.getByText(summary).first().waitFor()
      }
      const notice = page.getByTestId("loyalty-bulk-already-credited")
      const start = await balance()

      await prepare()
      const sentAt = Date.now()
      await credit("Credit points", (b) => b.click(), "1 credited, 0 already done, 1 failed")
      const doneAt = Date.now()
      await expectEqual(await balance(), start + 25, "balance after the first run")

      // A new page: a key made per page (e.g. crypto.randomUUID()) would credit the shopper again here.
      await page.reload()
      await prepare()
      await notice.getByText(/^Already credited on .+: 1 row\(s\), 25 points\.$/).waitFor()
      const creditedAt = await notice.getAttribute("data-credited-at")
      const at = new Date(creditedAt).getTime()
      if (!(at >= sentAt - 5000 && at <= doneAt + 5000)) throw new Error(`credited at ${creditedAt}, not during the first run`)
      const shown = await page.evaluate(
        (iso) => new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" }),
        creditedAt
      )
      await notice.getByText(`Already credited on ${shown}:`, { exact: false }).waitFor()
      await shot("bulk-accrual-already-credited")
      await page.getByRole("button", { name: "Credit points", exact: true }).click()
      await page.getByRole("alertdialog").getByText(`It was already credited on ${shown}`).waitFor()
      await page.getByRole("alertdialog").getByRole("button", { name: "Credit points", exact: true }).click()
      await page.getByText("0 credited, 1 already done, 1 failed").first().waitFor()
      await expectEqual(await balance(), start + 25, "balance after sending the same file again")

      // A deliberate repeat, confirmed with a double click: one more credit, once.
      await credit("Credit again", (b) => b.dblclick(), "1 credited, 0 already done, 1 failed")
      await notice.getByText(/^Already credited 2 times, last on /).waitFor()
      await sleep(2000)
      await expectEqual(await balance(), start + 50, "balance after the confirmed repeat")
      const { transactions } = await adminGet(page, `/admin/customers/${customerId}/loyalty/transactions?type=adjust&limit=100`)
      await expectEqual(transactions.filter((row) => row.reason === reason).length, 2, "ledger rows of the run and its repeat")
    })

    await step("opens the reports with the month chart", async () => {
      await page.getByRole("tab", { name: "Reports" }).click()
      await page.getByText("Outstanding points").waitFor()
      // Months without movement are bars of height 0; this month has some.
      await page.locator('svg[role=img] rect:not([height="0"])').first().waitFor()
      await shot("reports")
    })

    await step("checks the ledger from the Loyalty page and sees when, how many and that none differ", async () => {
      await page.getByRole("tab", { name: "Ledger health" }).click()
      await page.getByRole("button", { name: "Check now" }).click()
      await page.getByTestId("ledger-last-check").getByText("All match").waitFor()
      await page.getByTestId("ledger-last-check").getByText(/started in the admin\): \d+ accounts checked, 0 differ/).waitFor()
      await shot("ledger-health")
    })

    // Issue 6: tiers, campaigns and bonuses. Skipped, with the reason, against a server without them.
    const programRules = await programRulesSupport(page)
    const tierName = "E2E Silver"
    const campaignName = "E2E double points"
    const ruleName = "E2E mugs earn 10 %"

    await step("creates a tier and a campaign in the settings and sees them after a reload", async () => {
      if (!programRules.ok) throw new Skip(programRules.reason)
      await removeE2eRows(page)
      await page.goto(`${BASE}/app/settings/loyalty`)
      await page.getByRole("heading", { name: "Tiers", exact: true }).waitFor()

      await page.getByRole("button", { name: "Create tier" }).click()
      await page.fill("#loyalty-tier-name", tierName)
      await page.fill("#loyalty-tier-min_points", "1")
      await page.fill("#loyalty-tier-multiplier", "1.5")
      await page.getByRole("dialog").getByRole("button", { name: "Save" }).click()
      await page.getByText("Tier saved").first().waitFor()

      await page.getByRole("button", { name: "Create campaign" }).click()
      await page.fill("#loyalty-campaign-name", campaignName)
      await page.fill("#loyalty-campaign-value", "100")
      await page.getByRole("dialog").getByRole("button", { name: "Save" }).click()
      await page.getByText("Campaign saved").first().waitFor()

      await page.reload()
      await page.getByRole("cell", { name: tierName, exact: true }).waitFor()
      await page.getByRole("cell", { name: campaignName, exact: true }).waitFor()
      await page.getByRole("cell", { name: "+100 %" }).waitFor()
      const { tiers } = await adminGet(page, "/admin/loyalty/tiers")
      const tier = tiers.find((t) => t.name === tierName)
      await expectEqual(tier?.min_points, 1, "the new tier's threshold")
      await page.getByRole("heading", { name: "Tiers", exact: true }).scrollIntoViewIfNeeded()
      await shot("settings-tiers")
    })

    await step("refuses a second tier at the same threshold with the server's message", async () => {
      if (!programRules.ok) throw new Skip(programRules.reason)
      await page.getByRole("button", { name: "Create tier" }).click()
      await page.fill("#loyalty-tier-name", "E2E Copy")
      await page.fill("#loyalty-tier-min_points", "1")
      await page.fill("#loyalty-tier-multiplier", "2")
      await page.getByRole("dialog").getByRole("button", { name: "Save" }).click()
      await page.getByText(/min_points/).first().waitFor()
      await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click()
    })

    await step("turns on a welcome bonus and sees it after a reload", async () => {
      if (!programRules.ok) throw new Skip(programRules.reason)
      const { program } = await adminGet(page, "/admin/loyalty/program")
      const points = program.welcome_bonus?.points === 50 ? "60" : "50"
      await page.goto(`${BASE}/app/settings/loyalty`)
      await page.getByRole("heading", { name: "Bonuses" }).waitFor()
      if (!(await page.locator("#loyalty-welcome_bonus").isChecked())) await page.locator("#loyalty-welcome_bonus").click()
      await page.fill("#loyalty-welcome_bonus-points", points)
      await page.getByRole("button", { name: "Save", exact: true }).first().click()
      await page.getByText("Loyalty settings saved").first().waitFor()
      await page.reload()
      await page.getByRole("heading", { name: "Bonuses" }).waitFor()
      await expectEqual(await page.locator("#loyalty-welcome_bonus-points").inputValue(), points, "welcome bonus after reload")
    })

    await step("shows the shopper's tier and filters members by tier", async () => {
      if (!programRules.ok) throw new Skip(programRules.reason)
      await page.goto(`${BASE}/app/customers/${credentials.shopper.customer_id}`)
      const tierRow = page.getByTestId("loyalty-tier")
      await tierRow.waitFor()
      await tierRow.getByText(tierName, { exact: false }).first().waitFor()
      await tierRow.scrollIntoViewIfNeeded()
      await shot("customer-tier")
      await widgetShot("customer-widget-tier")
      await page.goto(`${BASE}/app/loyalty`)
      await page.getByRole("combobox", { name: "Tier" }).click()
      await page.getByRole("option", { name: tierName }).click()
      // The list shows what the API says is in the tier (the shopper, once tiers are recomputed).
      const { tiers } = await adminGet(page, "/admin/loyalty/tiers")
      const tier = tiers.find((t) => t.name === tierName)
      const { accounts } = await adminGet(page, `/admin/loyalty/accounts?tier_id=${tier.id}`)
      if (accounts.length) {
        await page.getByText(accounts[0].customer.email).first().waitFor()
        await page.getByRole("cell", { name: tierName, exact: true }).first().waitFor()
      } else {
        await page.getByText("No members yet.").waitFor()
      }
      await shot("members-tier")
    })

    await step("creates an earning rule for a product picked through the admin API", async () => {
      if (!programRules.ok) throw new Skip(programRules.reason)
      await page.goto(`${BASE}/app/settings/loyalty`)
      await page.getByRole("button", { name: "Create rule" }).click()
      await page.fill("#loyalty-rule-name", ruleName)
      await page.getByRole("dialog").getByRole("searchbox", { name: "Search" }).fill("mug")
      await page.getByRole("combobox", { name: "Target", exact: true }).click()
      await page.getByRole("option", { name: "Points Mug" }).click()
      await page.fill("#loyalty-rule-percent", "10")
      await page.getByRole("dialog").getByRole("button", { name: "Save" }).click()
      await page.getByText("Rule saved").first().waitFor()
      await page.reload()
      await page.getByRole("cell", { name: ruleName, exact: true }).waitFor()
      await page.getByRole("cell", { name: "Points Mug", exact: true }).waitFor()
      await page.getByRole("heading", { name: "Earning rules" }).scrollIntoViewIfNeeded()
      await shot("settings-rules")
    })

    await step("deletes the tier, the campaign and the rule from their row menus", async () => {
      if (!programRules.ok) throw new Skip(programRules.reason)
      await page.goto(`${BASE}/app/settings/loyalty`)
      for (const name of [tierName, campaignName, ruleName]) {
        await page.getByRole("button", { name: `Actions for ${name}` }).click()
        await page.getByRole("menu").waitFor()
        await page.getByRole("menuitem", { name: "Delete" }).click()
        await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click()
        await page.getByRole("cell", { name, exact: true }).waitFor({ state: "detached" })
      }
    })

    await step("speaks Russian when the admin is set to Russian", async () => {
      // The admin reads the language from its "lng" cookie, then localStorage (as its profile page sets it).
      const setLanguage = async (lng) => {
        await page.context().addCookies([{ name: "lng", value: lng, url: BASE }])
        await page.evaluate((value) => localStorage.setItem("lng", value), lng)
      }
      await setLanguage("ru")
      await page.goto(`${BASE}/app/loyalty`)
      await page.getByRole("heading", { name: "Лояльность", exact: true }).waitFor()
      await page.getByRole("tab", { name: "Отчёты" }).waitFor()
      await page.getByRole("tab", { name: "Состояние журнала" }).waitFor()
      await shot("loyalty-ru")
      await page.goto(`${BASE}/app/settings/loyalty`)
      await page.getByRole("heading", { name: "Программа лояльности" }).waitFor()
      await setLanguage("en")
    })
  } catch (error) {
    results.push({ name: "set-up", ok: false, error })
    log(`✗ set-up: ${error.message}`)
  } finally {
    await browser?.close().catch(() => {})
    await stopDemo(demo)
    fs.mkdirSync(ARTIFACTS, { recursive: true })
    for (const file of fs.readdirSync(WORK_DIR)) {
      fs.copyFileSync(path.join(WORK_DIR, file), path.join(ARTIFACTS, file))
    }
  }

  const failed = results.filter((r) => !r.ok)
  for (const { name, error } of failed) {
    console.error(`\n[e2e] ${name}:\n${error.stack ?? error}`)
  }
  const skipped = results.filter((r) => r.skipped)
  log(`screenshots in ${path.relative(PROJECT_ROOT, ARTIFACTS)}/`)
  console.log(`${results.length - failed.length - skipped.length} passed, ${failed.length} failed${skipped.length ? `, ${skipped.length} skipped` : ""}`)
  process.exitCode = failed.length ? 1 : 0
}

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return
  log("installing Debian's chromium (apt-get install chromium)")
  const install = () => spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], { stdio: "inherit" })
  if (install().status !== 0) {
    spawnSync("apt-get", ["update"], { stdio: "inherit" })
    if (install().status !== 0) throw new Error("could not install chromium; set CHROMIUM_PATH to a Chromium binary")
  }
}

function startDemo() {
  const logFile = fs.openSync(path.join(WORK_DIR, "demo.log"), "w")
  log(`starting the demo store on ${BASE} (log: test-artifacts/e2e/demo.log)`)
  const child = spawn(process.execPath, [path.join(__dirname, "demo.js")], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: String(PORT), MEDUSA_DISABLE_TELEMETRY: "true" },
    stdio: ["ignore", logFile, logFile],
  })
  child.exited = new Promise((resolve) => child.once("exit", resolve))
  return child
}

async function waitForAdmin(demo) {
  const deadline = Date.now() + START_TIMEOUT_MS
  for (;;) {
    if (demo.exitCode !== null) throw new Error("the demo store stopped; see test-artifacts/e2e/demo.log")
    if (Date.now() > deadline) throw new Error("the demo store did not start in time; see test-artifacts/e2e/demo.log")
    try {
      const response = await fetch(`${BASE}/app`, { signal: AbortSignal.timeout(60_000) })
      await response.arrayBuffer()
      if (response.ok && fs.existsSync(CREDENTIALS_FILE)) return
    } catch {}
    await sleep(2000)
  }
}

async function stopDemo(demo) {
  if (demo.exitCode !== null) return
  demo.kill("SIGINT")
  const stopped = await Promise.race([demo.exited.then(() => true), sleep(60_000).then(() => false)])
  if (!stopped) demo.kill("SIGKILL")
}

/** A logged-in shopper's order, 100 points of it paid with points, through the store API. */
async function placeOrderWithPoints(credentials) {
  const key = { "x-publishable-api-key": credentials.publishable_key }
  const { token } = await call("POST", "/auth/customer/emailpass", {
    email: credentials.shopper.email,
    password: credentials.shopper.password,
  })
  const headers = { ...key, authorization: `Bearer ${token}` }
  const { regions } = await call("GET", "/store/regions?currency_code=eur", null, key)
  const region = regions[0]
  const { products } = await call("GET", `/store/products?region_id=${region.id}&handle=points-mug&fields=id,*variants`, null, key)
  const variant = products[0].variants[0]
  let { cart } = await call("POST", "/store/carts", { region_id: region.id }, headers)
  await call("POST", `/store/carts/${cart.id}/line-items`, { variant_id: variant.id, quantity: 2 }, headers)
  const address = { first_name: "Erika", last_name: "Mustermann", address_1: "Hauptstr. 1", city: "Berlin", postal_code: "10115", country_code: region.countries[0].iso_2 }
  await call("POST", `/store/carts/${cart.id}`, { shipping_address: address, billing_address: address }, headers)
  const { shipping_options } = await call("GET", `/store/shipping-options?cart_id=${cart.id}`, null, headers)
  await call("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: shipping_options[0].id }, headers)
  await call("POST", `/store/carts/${cart.id}/loyalty-points`, { points: 100 }, headers)
  const { payment_collection } = await call("POST", "/store/payment-collections", { cart_id: cart.id }, headers)
  await call("POST", `/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, headers)
  const completed = await call("POST", `/store/carts/${cart.id}/complete`, {}, headers)
  if (completed.type !== "order") throw new Error(`the cart was not completed: ${JSON.stringify(completed.error)}`)
  // order.placed spends the held points after the response; wait for it.
  for (let i = 0; i < 60; i++) {
    const { transactions } = await call("GET", `/store/loyalty/account/transactions?order_id=${completed.order.id}&type=redeem`, null, headers)
    if (transactions.length) return completed.order.id
    await sleep(500)
  }
  throw new Error(`the points of order ${completed.order.id} were not spent`)
}

async function call(method, route, body, headers = {}) {
  let response
  for (let attempt = 1; ; attempt++) {
    try {
      response = await fetch(`${BASE}${route}`, {
        method,
        headers: { "content-type": "application/json", ...headers },
        body: body ? JSON.stringify(body) : undefined,
      })
      break
    } catch (error) {
      // A connection the busy dev server dropped (undici: "fetch failed"); a GET is safe to repeat.
      const reason = `${method} ${route}: ${error.message}${error.cause ? ` (${error.cause.code ?? error.cause.message})` : ""}`
      if (method !== "GET" || attempt === 3) throw new Error(reason)
      log(`${reason}; trying again`)
      await sleep(2000)
    }
  }
  const data = await response.json().catch(() => ({}))
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${data.message ?? ""}`)
  return data
}

/** An admin API call with the browser's admin session. */
async function adminGet(page, route) {
  const response = await page.request.get(`${BASE}${route}`)
  if (!response.ok()) throw new Error(`GET ${route}: ${response.status()}`)
  return response.json()
}

/** An admin API call with the browser's admin session, any method; returns the response. */
function adminRequest(page, method, route, body) {
  return page.request.fetch(`${BASE}${route}`, { method, data: body })
}

/** A step that cannot run here, with the reason it is reported with. */
class Skip extends Error {}

/** Whether the server has issue 6's admin routes (tiers, campaigns, rules) and program settings. */
async function programRulesSupport(page) {
  const response = await adminRequest(page, "GET", "/admin/loyalty/tiers")
  if (response.status() === 404) {
    return { ok: false, reason: "this server has no /admin/loyalty/tiers (issue 6's admin routes are not merged)" }
  }
  if (!response.ok()) return { ok: false, reason: `GET /admin/loyalty/tiers answered ${response.status()}` }
  const { program } = await adminGet(page, "/admin/loyalty/program")
  if (!("welcome_bonus" in program)) return { ok: false, reason: "the program settings have no bonuses yet" }
  return { ok: true }
}

/** Tiers, campaigns and rules an earlier, interrupted run left behind (all named "E2E …"). */
async function removeE2eRows(page) {
  for (const path of ["tiers", "campaigns", "rules"]) {
    const data = await adminGet(page, `/admin/loyalty/${path}`)
    for (const row of data[path].filter((r) => r.name?.startsWith("E2E"))) {
      await adminRequest(page, "DELETE", `/admin/loyalty/${path}/${row.id}`)
    }
  }
}

async function expectEqual(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
}

const slug = (name) => name.replace(/[^a-z0-9]+/gi, "-").toLowerCase().slice(0, 60)

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
