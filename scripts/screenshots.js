#!/usr/bin/env node
"use strict"

/**
 * Screenshots of the running demo (`npm run demo` in another terminal) for the README, at a
 * 1440 px wide screen: node scripts/screenshots.js. Uses Debian's Chromium (apt-get install
 * chromium). Takes the customer's Loyalty card, Settings → Loyalty, the bulk accrual with a CSV
 * file's preview (nothing is credited) and the reports; the members and the tiers, campaigns
 * and rules come from the e2e run (test-artifacts/e2e/members-tier.png, settings-tiers.png),
 * which makes the records they show. The files are written at the end: a file written in the
 * project makes `medusa develop` restart.
 */
const fs = require("fs")
const path = require("path")
const { chromium } = require("playwright-core")
const credentials = require("../.data/demo-credentials.json")

const BASE = process.env.DEMO_URL || "http://localhost:9000"
const OUT = path.join(__dirname, "..", "docs")

async function main() {
  const shots = [] // [file name, PNG]
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } })
    await page.goto(`${BASE}/app/login`)
    await page.fill('input[name="email"]', credentials.admin.email)
    await page.fill('input[name="password"]', credentials.admin.password)
    await page.click('button[type="submit"]')
    await page.waitForURL(/\/app\/orders/, { timeout: 60_000 })

    await page.goto(`${BASE}/app/customers/${credentials.shopper.customer_id}`)
    await page.getByText("Loyalty points").waitFor({ timeout: 60_000 })
    await page.getByText("Lifetime earned").waitFor()
    await page.waitForTimeout(1000)
    // The innermost element holding both the heading and the figures: the widget's container.
    const widget = page
      .locator("div", { has: page.getByRole("heading", { name: "Loyalty points" }) })
      .filter({ hasText: "Lifetime earned" })
      .last()
    shots.push(["customer-loyalty.png", await widget.screenshot()])

    const save = async (name) => {
      await page.waitForTimeout(1000)
      shots.push([name, await page.screenshot()])
    }
    await page.goto(`${BASE}/app/settings/loyalty`)
    await page.getByRole("heading", { name: "Loyalty program" }).waitFor({ timeout: 60_000 })
    await save("admin-settings.png")

    await page.goto(`${BASE}/app/loyalty`)
    await page.getByRole("tab", { name: "Bulk accrual" }).click()
    await page.getByLabel("A CSV file").click()
    await page.setInputFiles("#loyalty-bulk-csv", {
      name: "points.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`email,points\n${credentials.shopper.email},40\nada@example.com,25\nnot a row\n`),
    })
    await page.fill("#loyalty-bulk-reason", "Spring campaign")
    await page.getByRole("cell", { name: credentials.shopper.email }).waitFor()
    await save("admin-bulk-accrual.png")

    await page.getByRole("tab", { name: "Reports" }).click()
    await page.locator('svg[role=img] rect:not([height="0"])').first().waitFor({ timeout: 60_000 })
    await save("admin-reports.png")
  } finally {
    await browser.close()
  }
  for (const [name, png] of shots) {
    fs.writeFileSync(path.join(OUT, name), png)
    console.log(`saved ${path.join(OUT, name)}`)
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
