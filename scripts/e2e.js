#!/usr/bin/env node
"use strict"

/**
 * npm run test:e2e — the admin pages in a real headless Chromium against the demo store:
 *
 *   1. installs Debian's Chromium when /usr/bin/chromium is missing (apt-get, as root),
 *   2. creates a new, empty database for this run (on DATABASE_URL's or DB_HOST's server, else on
 *      a throw-away embedded PostgreSQL), so nothing an earlier run left can make it pass or fail,
 *   3. starts `npm run demo` (scripts/demo.js) on E2E_PORT (default 9123) against it: migrations,
 *      the demo seed, `medusa develop`; and waits for the admin,
 *   4. places an order paid partly with points through the store API,
 *   5. logs in to the admin, then runs every step in a browser context of its own with that
 *      session: settings, a customer's points, an order, bulk accrual from a CSV (twice: the
 *      second run credits nobody), reports, a ledger check, tiers, campaigns, a rule, a welcome
 *      bonus, the shopper's tier, the members' tier filter, and the Russian texts; and the layout
 *      at 1280 and 1440 px (the customer's card in the side column, the ledger's order numbers
 *      and row details, the chart's axis, the store's currencies, the CSV drop zone, Save in
 *      view and the unsaved-changes prompt, nothing scrolling sideways). A step starts
 *      from the seeded store, makes what it needs through the admin API, and removes what it
 *      made (and puts back a setting it changed), so no step depends on another's leftovers,
 *   6. stops the demo, drops the database, then copies the screenshots and the demo's log to
 *      test-artifacts/e2e/.
 *
 * Every step runs; the last line printed is `N passed, N failed`, and the exit code is non-zero
 * when a step (or the set-up) failed.
 */

const fs = require("fs")
const os = require("os")
const path = require("path")
const { spawn, spawnSync } = require("child_process")
const { freshDatabase, provideDatabase } = require("./lib/database")
const http = require("./lib/http")
const { until, expectEqual, sleep } = http

const PROJECT_ROOT = path.resolve(__dirname, "..")
const PORT = Number(process.env.E2E_PORT || 9123)
const BASE = `http://localhost:${PORT}`
const ARTIFACTS = path.join(PROJECT_ROOT, "test-artifacts", "e2e")
// While the demo runs, nothing may be written in the project: `medusa develop` restarts on it.
const WORK_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "medusa-loyalty-e2e-"))
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium"
// This run's logins, written by the seed of this run's database (never an earlier run's file).
const CREDENTIALS_FILE = path.join(WORK_DIR, "demo-credentials.json")
const START_TIMEOUT_MS = 15 * 60 * 1000
const VIEWPORT = { width: 1440, height: 1000 }
// The screens the admin's layout steps are checked at: the narrowest with the detail pages' two
// columns (Tailwind's xl), and a common laptop.
const WIDTHS = [1280, 1440]

const log = (message) => console.log(`[e2e] ${message}`)

async function main() {
  ensureChromium()
  const results = []
  const run = { database: null, fresh: null, demo: null, browser: null }
  let cleaning
  const cleanUp = () =>
    (cleaning ??= (async () => {
      await run.browser?.close().catch(() => {})
      if (run.demo) await stopDemo(run.demo)
      await run.fresh?.drop().catch((error) => log(`could not drop the run's database: ${error.message}`))
      await run.database?.stop().catch((error) => log(`could not stop the database: ${error.message}`))
      fs.mkdirSync(ARTIFACTS, { recursive: true })
      for (const file of fs.readdirSync(WORK_DIR)) {
        if (file.endsWith(".json")) continue // the logins
        fs.copyFileSync(path.join(WORK_DIR, file), path.join(ARTIFACTS, file))
      }
    })())
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      log(`${signal}: stopping`)
      cleanUp().finally(() => process.exit(130))
    })
  }

  try {
    run.database = await provideDatabase({ purpose: "test", log: (m) => log(`database: ${m}`) })
    run.fresh = await freshDatabase(run.database.env, { prefix: "medusa_loyalty_e2e", log: (m) => log(`database: ${m}`) })
    run.demo = startDemo({ DATABASE_URL: run.fresh.url, LOYALTY_DEMO_CREDENTIALS_FILE: CREDENTIALS_FILE })
    await waitForAdmin(run.demo)
    const credentials = JSON.parse(fs.readFileSync(CREDENTIALS_FILE, "utf8"))
    await expectEqual(credentials.admin_url, `${BASE}/app`, "the admin URL in the demo's credentials (its real port)")
    const orderId = await placeOrderWithPoints(credentials)
    log(`placed order ${orderId} with 100 points`)

    const { chromium } = require("playwright-core")
    run.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    })
    let session // the admin's cookies, once logged in

    /**
     * One step in a browser context of its own (with the admin's session once there is one):
     * `run(page, undo)` gets a fresh page and `undo(fn)` to register what puts back what it
     * changed; those run after it, passed or failed, and a failing one fails the step too.
     */
    const step = async (name, run_) => {
      const started = Date.now()
      const context = await run.browser.newContext({ viewport: VIEWPORT, ...(session ? { storageState: session } : {}) })
      const page = await context.newPage()
      page.setDefaultTimeout(60_000)
      const undos = []
      let error
      try {
        await run_(page, (undo) => undos.push(undo))
      } catch (caught) {
        error = caught
        await page.screenshot({ path: path.join(WORK_DIR, `failed-${slug(name)}.png`), fullPage: true }).catch(() => {})
      }
      for (const undo of undos.reverse()) {
        try {
          await undo(page)
        } catch (caught) {
          error ??= new Error(`putting back what the step changed: ${caught.message}`)
        }
      }
      if (name === LOG_IN && !error) session = await context.storageState()
      await context.close().catch(() => {})
      results.push({ name, ok: !error, error })
      const seconds = ((Date.now() - started) / 1000).toFixed(1)
      if (error) log(`✗ ${name}: ${String(error.message).split("\n")[0]} (${seconds} s)`)
      else log(`✓ ${name} (${seconds} s)`)
    }

    await step(LOG_IN, async (page) => {
      await page.goto(`${BASE}/app/login`)
      await page.fill('input[name="email"]', credentials.admin.email)
      await page.fill('input[name="password"]', credentials.admin.password)
      await page.click('button[type="submit"]')
      await page.waitForURL(/\/app\/orders/, { timeout: 120_000 })
    })
    if (!session) throw new Error("could not log in to the admin; no step after it can run")

    // E2E_ONLY (a regular expression) runs only the steps it matches, while working on them.
    const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY, "i") : null
    for (const [name, run_] of adminSteps({ credentials, orderId })) {
      if (!only || only.test(name)) await step(name, run_)
    }
  } catch (error) {
    results.push({ name: "set-up", ok: false, error })
    log(`✗ set-up: ${error.message}`)
  } finally {
    await cleanUp()
  }

  const failed = results.filter((r) => !r.ok)
  for (const { name, error } of failed) {
    console.error(`\n[e2e] ${name}:\n${error.stack ?? error}`)
  }
  log(`screenshots in ${path.relative(PROJECT_ROOT, ARTIFACTS)}/`)
  console.log(`${results.length - failed.length} passed, ${failed.length} failed`)
  process.exitCode = failed.length ? 1 : 0
}

const LOG_IN = "logs in to the admin"

/** The steps after logging in: [name, run(page, undo)], each on its own page. */
function adminSteps({ credentials, orderId }) {
  const customerId = credentials.shopper.customer_id
  const shot = (page, name) => page.screenshot({ path: path.join(WORK_DIR, `${name}.png`), fullPage: true })
  // The customer page's loyalty card alone (the innermost element with its heading and figures).
  const widgetShot = (page, name) =>
    page
      .locator("div", { has: page.getByRole("heading", { name: "Loyalty points" }) })
      .filter({ hasText: "Lifetime earned" })
      .last()
      .screenshot({ path: path.join(WORK_DIR, `${name}.png`) })
  /** The program settings as the API has them, and an undo that puts `names` back. */
  const programSettings = async (page, undo, names) => {
    const { program } = await adminGet(page, "/admin/loyalty/program")
    undo((page) => adminSend(page, "POST", "/admin/loyalty/program", Object.fromEntries(names.map((n) => [n, program[n]]))))
    return program
  }
  /** A tier, campaign or rule made through the admin API for one step, deleted after it. */
  const makeRecord = async (page, undo, kind, body) => {
    const plural = `${kind}s`
    const data = await adminSend(page, "POST", `/admin/loyalty/${plural}`, body)
    // Gone already is fine: the step may have deleted it itself.
    undo((page) => adminSend(page, "DELETE", `/admin/loyalty/${plural}/${data[kind].id}`, undefined, { gone: true }))
    return data[kind]
  }
  /** Deletes, after the step, the records of `kind` the step made in the UI (by name). */
  const removeAfter = (undo, plural, names) =>
    undo(async (page) => {
      const data = await adminGet(page, `/admin/loyalty/${plural}`)
      for (const row of data[plural].filter((r) => names.includes(r.name))) {
        await adminSend(page, "DELETE", `/admin/loyalty/${plural}/${row.id}`)
      }
    })
  /**
   * Fails when `locator` or anything in it scrolls sideways: content wider than the card, or a
   * scroll box (a table's) wider inside than out, so that columns hide behind a sideways scroll.
   */
  const noSidewaysScroll = async (locator, what) => {
    const wide = await locator.evaluate((root) =>
      [root, ...root.querySelectorAll("*")]
        .filter((el) => el === root || ["auto", "scroll"].includes(getComputedStyle(el).overflowX))
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .map((el) => `<${el.tagName.toLowerCase()} class="${String(el.className).slice(0, 40)}"> ${el.scrollWidth} px in ${el.clientWidth} px`)
    )
    if (wide.length) throw new Error(`${what} scrolls sideways: ${wide.join("; ")}`)
  }
  const atWidth = (page, width) => page.setViewportSize({ width, height: VIEWPORT.height })
  const productId = async (page, handle) => {
    const { products } = await adminGet(page, `/admin/products?handle=${handle}&fields=id,title`)
    if (!products.length) throw new Error(`the demo store has no product ${handle}`)
    return products[0].id
  }

  return [
    ["changes a setting, saves it and sees it after a reload", async (page, undo) => {
      const program = await programSettings(page, undo, ["earn_percent"])
      const next = program.earn_percent === 7 ? "6" : "7"
      await page.goto(`${BASE}/app/settings/loyalty`)
      await page.getByRole("heading", { name: "Loyalty program" }).waitFor()
      await page.locator("#loyalty-earn_percent").fill(next)
      await page.getByRole("button", { name: "Save" }).click()
      await page.getByText("Loyalty settings saved").first().waitFor()
      await page.reload()
      await page.getByRole("heading", { name: "Loyalty program" }).waitFor()
      await expectEqual(await page.locator("#loyalty-earn_percent").inputValue(), next, "earn percent after reload")
      await expectEqual((await adminGet(page, "/admin/loyalty/program")).program.earn_percent, Number(next), "earn percent in the API")
      await shot(page, "settings")
    }],

    ["keeps Save in reach down the long settings form and asks before leaving unsaved changes, at 1280 and 1440 px", async (page, undo) => {
      const program = await programSettings(page, undo, ["tier_window_days"])
      const changed = String(program.tier_window_days + 1)
      for (const width of WIDTHS) {
        await atWidth(page, width)
        await page.goto(`${BASE}/app/settings/loyalty`)
        await page.getByRole("heading", { name: "Loyalty program" }).waitFor()
        const bar = page.getByTestId("loyalty-settings-save-bar")
        const save = bar.getByRole("button", { name: "Save", exact: true })
        const inView = async (where) => {
          const box = await save.boundingBox()
          if (!box || box.y < 0 || box.y + box.height > VIEWPORT.height) {
            throw new Error(`Save ${where} at ${width} px is at ${JSON.stringify(box)}, off the ${VIEWPORT.height} px screen`)
          }
        }
        await inView("at the top of the form")
        const field = page.locator("#loyalty-tier_window_days")
        await field.scrollIntoViewIfNeeded()
        await field.fill(changed)
        await inView("beside the form's last fields")
        await bar.getByText("Unsaved changes").waitFor()
        await noSidewaysScroll(page.getByTestId("loyalty-settings-form"), `the settings form at ${width} px`)
        await shot(page, `settings-save-${width}`)

        // A link away stops at the prompt; staying keeps the change.
        await page.getByRole("link", { name: "Store", exact: true }).click()
        const prompt = page.getByRole("alertdialog")
        await prompt.getByText("Leave without saving?").waitFor()
        await sleep(500) // the prompt's fade-in, for the screenshot
        await shot(page, `settings-unsaved-${width}`)
        await prompt.getByRole("button", { name: "Stay" }).click()
        await prompt.waitFor({ state: "detached" })
        await expectEqual(new URL(page.url()).pathname, "/app/settings/loyalty", "the page after Stay")
        await expectEqual(await field.inputValue(), changed, "the changed field after Stay")

        // A reload gets the browser's own question; accepted, the saved value is back.
        let asked = null
        page.once("dialog", (dialog) => {
          asked = dialog.type()
          dialog.accept()
        })
        await page.reload()
        await page.getByRole("heading", { name: "Loyalty program" }).waitFor()
        await expectEqual(asked, "beforeunload", "the browser's question before reloading unsaved changes")
        await expectEqual(await field.inputValue(), String(program.tier_window_days), "the field after the reload")

        // Changed again and left for good: nothing is saved.
        await field.fill(changed)
        await page.getByRole("link", { name: "Store", exact: true }).click()
        await prompt.getByRole("button", { name: "Leave" }).click()
        await page.waitForURL(/\/app\/settings\/store/)
        await expectEqual((await adminGet(page, "/admin/loyalty/program")).program.tier_window_days, program.tier_window_days, "tier window after leaving")
      }
    }],

    ["refuses a bad setting with the server's message", async (page, undo) => {
      const program = await programSettings(page, undo, ["max_redeem_percent"])
      await page.goto(`${BASE}/app/settings/loyalty`)
      await page.getByRole("heading", { name: "Loyalty program" }).waitFor()
      await page.locator("#loyalty-max_redeem_percent").fill("150")
      await page.getByRole("button", { name: "Save" }).click()
      await page.getByText(/max_redeem_percent/).first().waitFor()
      // The refused value is still unsaved in the form: the browser asks before the reload.
      page.on("dialog", (dialog) => dialog.accept())
      await page.reload()
      await page.getByRole("heading", { name: "Loyalty program" }).waitFor()
      await expectEqual(
        await page.locator("#loyalty-max_redeem_percent").inputValue(),
        String(program.max_redeem_percent),
        "max redeem percent after the refused save"
      )
    }],

    ["adjusts a shopper's points and sees the new ledger row and balance", async (page) => {
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
      await shot(page, "customer")
      await widgetShot(page, "customer-widget")
    }],

    ["places the Loyalty card beside the customer's details and fits its ledger at 1280 and 1440 px, naming orders by number", async (page) => {
      const { order } = await adminGet(page, `/admin/orders/${orderId}?fields=id,display_id`)
      const number = `#${order.display_id}`
      for (const width of WIDTHS) {
        await atWidth(page, width)
        await page.goto(`${BASE}/app/customers/${customerId}`)
        const card = page.getByTestId("loyalty-customer-widget")
        await card.getByRole("heading", { name: "Loyalty points" }).waitFor()
        await page.getByRole("heading", { name: "Metadata" }).waitFor()
        // Where a store owner looks: the side column beside the customer's details (as Medusa's
        // store-credit widget), on the first screen, not under the Metadata and JSON sections.
        const place = await card.evaluate((el) => {
          const metadata = [...document.querySelectorAll("h2")].find((h) => h.textContent === "Metadata").closest(".shadow-elevation-card-rest")
          const [own, main] = [el.getBoundingClientRect(), metadata.getBoundingClientRect()]
          return { left: own.left, top: own.top, mainRight: main.right, mainTop: main.top }
        })
        if (!(place.left >= place.mainRight && place.top < place.mainTop && place.top < VIEWPORT.height / 2)) {
          throw new Error(`the Loyalty card at ${width} px is at ${JSON.stringify(place)}, not in the side column's first screen`)
        }
        // The order's rows name it as Medusa does, and no order id shows anywhere in the card.
        for (const [type, line] of [["Spent", `Paid part of order ${number}`], ["Earned", `Earned on order ${number}`]]) {
          await card.getByRole("combobox", { name: "Type" }).click()
          await page.getByRole("option", { name: type, exact: true }).click()
          await card.getByRole("row").filter({ hasText: line }).first().waitFor()
        }
        await noSidewaysScroll(card, `the Loyalty card at ${width} px`)
        const ids = (await card.innerText()).match(/order_[0-9A-Z]{6,}/)
        if (ids) throw new Error(`the Loyalty card shows the order id ${ids[0]}`)
        await shot(page, `customer-${width}`)
      }
      // A row opens what the table leaves out, the order as its number with a link to it.
      await page.getByTestId("loyalty-customer-widget").getByRole("row").filter({ hasText: `Earned on order ${number}` }).first().click()
      const drawer = page.getByRole("dialog")
      await drawer.getByTestId("loyalty-ledger-row").getByText(`Earned on order ${number}`).waitFor()
      await expectEqual(await drawer.getByRole("link", { name: number, exact: true }).getAttribute("href"), `/app/orders/${orderId}`, "the order link in the row's details")
      for (const label of ["Expires", "By", "Available from"]) await drawer.getByText(label, { exact: true }).waitFor()
      await drawer.getByText("System", { exact: true }).waitFor()
      await shot(page, "customer-ledger-row")
    }],

    ["shows the points an order spent on the order page", async (page) => {
      await page.goto(`${BASE}/app/orders/${orderId}`)
      const widget = page.locator("div", { has: page.getByRole("heading", { name: "Loyalty points" }) }).filter({ hasText: "Spent" }).last()
      await widget.waitFor()
      await widget.getByText("100", { exact: true }).first().waitFor()
      await shot(page, "order")
    }],

    ["lists members and credits a CSV in bulk, once", async (page) => {
      await page.goto(`${BASE}/app/loyalty`)
      await page.getByRole("heading", { name: "Loyalty", exact: true }).waitFor()
      await page.getByText(credentials.shopper.email).first().waitFor()
      await shot(page, "members")
      const before = await adminGet(page, `/admin/customers/${customerId}/loyalty`)
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
      const after = await adminGet(page, `/admin/customers/${customerId}/loyalty`)
      await expectEqual(after.account.balance, before.account.balance + 40, "balance after the bulk accrual")
      await shot(page, "bulk-accrual")
      // The same file again is the same run: nobody is credited twice.
      await page.getByRole("button", { name: "Credit points" }).click()
      await page.getByRole("alertdialog").getByRole("button", { name: "Credit points" }).click()
      await page.getByText("0 credited, 1 already done, 1 failed").first().waitFor()
      const again = await adminGet(page, `/admin/customers/${customerId}/loyalty`)
      await expectEqual(again.account.balance, after.account.balance, "balance after running the same file again")
    }],

    ["after a reload, the same CSV shows when it was credited, credits nobody, and a confirmed repeat credits once", async (page) => {
      const balance = async () => (await adminGet(page, `/admin/customers/${customerId}/loyalty`)).account.balance
      // A reason of its own: this run's content (and so its key) is new to the database.
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
      await shot(page, "bulk-accrual-already-credited")
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
    }],

    ["opens the reports with the month chart", async (page) => {
      await page.goto(`${BASE}/app/loyalty`)
      await page.getByRole("tab", { name: "Reports" }).click()
      await page.getByText("Outstanding points").waitFor()
      // Months without movement are bars of height 0; this month has some (the seed, the order).
      await page.locator('svg[role=img] rect:not([height="0"])').first().waitFor()
      await shot(page, "reports")
    }],

    ["draws the report chart across its card with a value axis at 1280 and 1440 px", async (page) => {
      const { report } = await adminGet(page, "/admin/loyalty/reports")
      const most = Math.max(...report.months.flatMap((m) => [m.issued, m.spent, m.expired, m.reversed]))
      for (const width of WIDTHS) {
        await atWidth(page, width)
        await page.goto(`${BASE}/app/loyalty`)
        await page.getByRole("tab", { name: "Reports" }).click()
        await page.locator('svg[role=img] rect:not([height="0"])').first().waitFor()
        const { chart, panel } = await page.locator("svg[role=img]").evaluate((svg) => ({
          chart: svg.getBoundingClientRect().width,
          panel: svg.closest("[role=tabpanel]").getBoundingClientRect().width,
        }))
        // The panel less its padding (24 px a side).
        if (chart < panel - 50) throw new Error(`the chart at ${width} px is ${chart} px wide in a ${panel} px card`)
        const ticks = (await page.getByTestId("loyalty-chart-axis").locator("text").allTextContents()).map((text) => Number(text.replace(/\D/g, "")))
        const rising = ticks.length >= 2 && ticks[0] === 0 && ticks.every((tick, i) => i === 0 || tick > ticks[i - 1])
        if (!rising || ticks[ticks.length - 1] < most) {
          throw new Error(`the value axis at ${width} px reads ${JSON.stringify(ticks)}, not 0 up to at least ${most}`)
        }
        await noSidewaysScroll(page.getByTestId("loyalty-page"), `the Loyalty page at ${width} px`)
        await shot(page, `reports-${width}`)
      }
    }],

    ["shows liability and takes point values only in the store's currencies (a store with only EUR)", async (page, undo) => {
      await programSettings(page, undo, ["point_values"])
      await adminSend(page, "POST", "/admin/loyalty/program", { point_values: { eur: 0.01, usd: 0.01 } })
      const { stores } = await adminGet(page, "/admin/stores?fields=id,*supported_currencies")
      const store = stores[0]
      const currencies = store.supported_currencies.map(({ currency_code, is_default, is_tax_inclusive }) =>
        Object.fromEntries(Object.entries({ currency_code, is_default, is_tax_inclusive }).filter(([, v]) => v !== undefined))
      )
      const setCurrencies = (page, supported_currencies) => adminSend(page, "POST", `/admin/stores/${store.id}`, { supported_currencies })
      undo((page) => setCurrencies(page, currencies))
      await setCurrencies(page, [{ currency_code: "eur", is_default: true }])

      await page.goto(`${BASE}/app/loyalty`)
      await page.getByRole("tab", { name: "Reports" }).click()
      await page.getByText("Liability if spent in EUR").waitFor()
      await expectEqual(await page.getByText("Liability if spent in USD").count(), 0, "liability shown in USD for a store with only EUR")

      const offered = async (index) => {
        await page.locator(`#loyalty-currency-${index}`).click()
        const options = await page.getByRole("option").allInnerTexts()
        await page.keyboard.press("Escape")
        return options
      }
      await page.goto(`${BASE}/app/settings/loyalty`)
      await page.getByRole("heading", { name: "Loyalty program" }).waitFor()
      // Each row picks from the store's currencies that have no value yet; USD, kept from before,
      // stays on its row, marked, to be removed.
      await expectEqual(await offered(0), ["EUR · Euro"], "currencies offered for EUR's row in a store with only EUR")
      await page.locator("#loyalty-currency-1").getByText("USD (not a store currency)").waitFor()
      await expectEqual(await page.getByRole("button", { name: "Add currency" }).isDisabled(), true, "Add currency once every store currency has a value")
      await shot(page, "settings-currencies-eur-only")

      // With both again, and USD's row removed, EUR's row offers exactly the store's two.
      await setCurrencies(page, currencies)
      await page.reload()
      await page.getByRole("heading", { name: "Loyalty program" }).waitFor()
      await page.getByRole("button", { name: "Remove" }).nth(1).click()
      const codes = (await offered(0)).map((text) => text.slice(0, 3))
      await expectEqual(codes, currencies.map((c) => c.currency_code.toUpperCase()), "currencies offered for a point value")
    }],

    ["picks the bulk CSV through a drop zone styled as the admin's, at 1280 and 1440 px", async (page) => {
      for (const width of WIDTHS) {
        await atWidth(page, width)
        await page.goto(`${BASE}/app/loyalty`)
        await page.getByRole("tab", { name: "Bulk accrual" }).click()
        await page.getByLabel("A CSV file").click()
        const zone = page.getByTestId("loyalty-file-picker")
        await zone.getByText("Choose a CSV file or drop it here").waitFor()
        await expectEqual(await page.locator("#loyalty-bulk-csv").isVisible(), false, "the browser's own file button on the page")
        await expectEqual(await zone.evaluate((el) => getComputedStyle(el).borderStyle), "dashed", "the drop zone's border")
        const [chooser] = await Promise.all([page.waitForEvent("filechooser"), zone.click()])
        await chooser.setFiles({ name: "e2e-picker.csv", mimeType: "text/csv", buffer: Buffer.from(`email,points\n${credentials.shopper.email},1\n`) })
        await page.getByTestId("loyalty-file-name").getByText("e2e-picker.csv").waitFor()
        await page.getByRole("cell", { name: credentials.shopper.email }).waitFor()
        await noSidewaysScroll(page.getByTestId("loyalty-page"), `the bulk accrual at ${width} px`)
        await shot(page, `bulk-file-picker-${width}`)
        // Cleared, the preview goes; nothing was sent.
        await page.getByRole("button", { name: "Remove the file" }).click()
        await page.getByRole("cell", { name: credentials.shopper.email }).waitFor({ state: "detached" })
      }
    }],

    ["checks the ledger from the Loyalty page and sees when, how many and that none differ", async (page) => {
      await page.goto(`${BASE}/app/loyalty`)
      await page.getByRole("tab", { name: "Ledger health" }).click()
      await page.getByRole("button", { name: "Check now" }).click()
      await page.getByTestId("ledger-last-check").getByText("All match").waitFor()
      await page.getByTestId("ledger-last-check").getByText(/started in the admin\): \d+ accounts checked, 0 differ/).waitFor()
      await shot(page, "ledger-health")
    }],

    ["creates a tier and a campaign in the settings and sees them after a reload", async (page, undo) => {
      const tierName = "E2E Silver"
      const campaignName = "E2E double points"
      removeAfter(undo, "tiers", [tierName])
      removeAfter(undo, "campaigns", [campaignName])
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
      await shot(page, "settings-tiers")
    }],

    ["refuses a second tier at the same threshold with the server's message", async (page, undo) => {
      await makeRecord(page, undo, "tier", { name: "E2E Platinum", min_points: 1_000_000, multiplier: 3 })
      removeAfter(undo, "tiers", ["E2E Copy"])
      await page.goto(`${BASE}/app/settings/loyalty`)
      await page.getByRole("cell", { name: "E2E Platinum", exact: true }).waitFor()
      await page.getByRole("button", { name: "Create tier" }).click()
      await page.fill("#loyalty-tier-name", "E2E Copy")
      await page.fill("#loyalty-tier-min_points", "1000000")
      await page.fill("#loyalty-tier-multiplier", "2")
      await page.getByRole("dialog").getByRole("button", { name: "Save" }).click()
      await page.getByText(/min_points/).first().waitFor()
      await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click()
      const { tiers } = await adminGet(page, "/admin/loyalty/tiers")
      await expectEqual(tiers.some((t) => t.name === "E2E Copy"), false, "a refused tier saved")
    }],

    ["turns on a welcome bonus and sees it after a reload", async (page, undo) => {
      const program = await programSettings(page, undo, ["welcome_bonus"])
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
      await expectEqual((await adminGet(page, "/admin/loyalty/program")).program.welcome_bonus?.points, Number(points), "welcome bonus in the API")
    }],

    ["sets the storefront address for referral links and sees it after a reload", async (page, undo) => {
      await programSettings(page, undo, ["storefront_url"])
      const url = `https://shop-${Date.now()}.example/de`
      await page.goto(`${BASE}/app/settings/loyalty`)
      await page.getByRole("heading", { name: "Referrals" }).waitFor()
      await page.fill("#loyalty-storefront_url", url)
      await page.getByRole("button", { name: "Save", exact: true }).first().click()
      await page.getByText("Loyalty settings saved").first().waitFor()
      await page.reload()
      await page.getByRole("heading", { name: "Referrals" }).waitFor()
      await expectEqual(await page.locator("#loyalty-storefront_url").inputValue(), url, "storefront address after reload")
      await expectEqual((await adminGet(page, "/admin/loyalty/program")).program.storefront_url, url, "storefront address in the API")
    }],
    ...require("./lib/e2e-referral-settings")({ BASE, WORK_DIR, WIDTHS, adminGet, adminSend, programSettings, expectEqual, atWidth, noSidewaysScroll }),

    ["shows the shopper's tier and filters members by tier", async (page, undo) => {
      // The shopper has earned from orders (the seed's), so a tier from 2 points is theirs: above
      // every threshold another step uses that they reach, so theirs even beside that step's tier.
      const tier = await makeRecord(page, undo, "tier", { name: "E2E Gold", min_points: 2, multiplier: 1.5 })
      // A new tier moves shoppers when loyalty.tiers_changed has been handled.
      await until(async () => (await adminGet(page, `/admin/customers/${customerId}/loyalty`)).account.tier?.id === tier.id, "the shopper to reach E2E Gold")
      const { accounts } = await adminGet(page, `/admin/loyalty/accounts?tier_id=${tier.id}`)
      await expectEqual(accounts.map((a) => a.customer_id).includes(customerId), true, "the shopper among the tier's members")
      await page.goto(`${BASE}/app/customers/${customerId}`)
      const tierRow = page.getByTestId("loyalty-tier")
      await tierRow.waitFor()
      await tierRow.getByText(tier.name, { exact: false }).first().waitFor()
      await tierRow.scrollIntoViewIfNeeded()
      await shot(page, "customer-tier")
      await widgetShot(page, "customer-widget-tier")
      await page.goto(`${BASE}/app/loyalty`)
      await page.getByRole("combobox", { name: "Tier" }).click()
      await page.getByRole("option", { name: tier.name }).click()
      await page.getByText(credentials.shopper.email).first().waitFor()
      await page.getByRole("cell", { name: tier.name, exact: true }).first().waitFor()
      await shot(page, "members-tier")
    }],

    ["creates an earning rule for a product picked through the admin API", async (page, undo) => {
      const ruleName = "E2E mugs earn 10 %"
      removeAfter(undo, "rules", [ruleName])
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
      const { rules } = await adminGet(page, "/admin/loyalty/rules")
      const rule = rules.find((r) => r.name === ruleName)
      await expectEqual([rule?.target_id, rule?.percent], [await productId(page, "points-mug"), 10], "the new rule's target and percent")
      await page.getByRole("heading", { name: "Earning rules" }).scrollIntoViewIfNeeded()
      await shot(page, "settings-rules")
    }],

    ["deletes a tier, a campaign and a rule from their row menus", async (page, undo) => {
      const made = [
        ["tiers", await makeRecord(page, undo, "tier", { name: "E2E Bronze", min_points: 2_000_000, multiplier: 1.1 })],
        ["campaigns", await makeRecord(page, undo, "campaign", {
          name: "E2E weekend", starts_at: new Date().toISOString(), kind: "multiplier", multiplier: 2,
        })],
        ["rules", await makeRecord(page, undo, "rule", {
          name: "E2E totes earn nothing", target_type: "product", target_id: await productId(page, "member-tote-bag"), kind: "exclude",
          exclude_earning: true,
        })],
      ]
      await page.goto(`${BASE}/app/settings/loyalty`)
      for (const [, { name }] of made) {
        await page.getByRole("button", { name: `Actions for ${name}` }).click()
        await page.getByRole("menu").waitFor()
        await page.getByRole("menuitem", { name: "Delete" }).click()
        await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click()
        await page.getByRole("cell", { name, exact: true }).waitFor({ state: "detached" })
      }
      for (const [plural, { id, name }] of made) {
        const data = await adminGet(page, `/admin/loyalty/${plural}`)
        await expectEqual(data[plural].some((r) => r.id === id), false, `${name} after deleting it`)
      }
    }],

    ...require("./lib/e2e-customer-network")({ credentials, BASE, WIDTHS, call, adminGet, adminSend, programSettings, atWidth, noSidewaysScroll, shot, widgetShot, expectEqual }),
    ["speaks Russian when the admin is set to Russian", async (page) => {
      // The admin reads the language from its "lng" cookie, then localStorage (as its profile
      // page sets it); this step's browser context is its own, so the others stay in English.
      await page.context().addCookies([{ name: "lng", value: "ru", url: BASE }])
      await page.addInitScript(() => localStorage.setItem("lng", "ru"))
      await page.goto(`${BASE}/app/loyalty`)
      await page.getByRole("heading", { name: "Лояльность", exact: true }).waitFor()
      await page.getByRole("tab", { name: "Отчёты" }).waitFor()
      await page.getByRole("tab", { name: "Состояние журнала" }).waitFor()
      await shot(page, "loyalty-ru")
      await page.goto(`${BASE}/app/settings/loyalty`)
      await page.getByRole("heading", { name: "Программа лояльности" }).waitFor()
    }],
    ...require("./lib/e2e-referrals-tab")({ credentials, shot, adminGet, adminSend, call, programSettings, BASE, WIDTHS, atWidth }),
    ...require("./lib/e2e-storefront")({ call, shot, programSettings, adminSend, credentials }),
    ...require("./lib/e2e-exports")({ BASE, adminGet, expectEqual, shot }),
  ]
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

function startDemo(env) {
  const logFile = fs.openSync(path.join(WORK_DIR, "demo.log"), "w")
  log(`starting the demo store on ${BASE} (log: test-artifacts/e2e/demo.log)`)
  const child = spawn(process.execPath, [path.join(__dirname, "demo.js")], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env, PORT: String(PORT), MEDUSA_DISABLE_TELEMETRY: "true" },
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
  await until(async () => {
    const { transactions } = await call("GET", `/store/loyalty/account/transactions?order_id=${completed.order.id}&type=redeem`, null, headers)
    return transactions.length > 0
  }, `the points of order ${completed.order.id} to be spent`)
  return completed.order.id
}

const call = (method, route, body, headers) => http.call(BASE, method, route, body, headers)

/** An admin API GET with the page's admin session. */
async function adminGet(page, route) {
  const response = await page.request.get(`${BASE}${route}`)
  if (!response.ok()) throw new Error(`GET ${route}: ${response.status()} ${await response.text()}`)
  return response.json()
}

/**
 * An admin API call with the page's admin session, any method; throws unless it succeeds (or,
 * with `gone`, answers 404: what was to be deleted is not there).
 */
async function adminSend(page, method, route, body, { gone = false } = {}) {
  const response = await page.request.fetch(`${BASE}${route}`, { method, data: body })
  if (gone && response.status() === 404) return null
  if (!response.ok()) throw new Error(`${method} ${route}: ${response.status()} ${await response.text()}`)
  return response.json()
}

const slug = (name) => name.replace(/[^a-z0-9]+/gi, "-").toLowerCase().slice(0, 60)

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
