"use strict"

const fs = require("fs")
const { parse } = require("csv-parse/sync")

/**
 * The Loyalty page's Export tab (issue 20, point 4): the members and the ledger of a period
 * saved as CSV files from the browser, equal to what the admin API says.
 */
module.exports = function exportSteps({ BASE, adminGet, expectEqual, shot }) {
  /** Clicks `button` and reads the CSV file the browser saves. */
  const downloadCsv = async (page, button) => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId(button).click()])
    const bytes = fs.readFileSync(await download.path())
    await expectEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "the UTF-8 byte order mark Excel needs")
    return { name: download.suggestedFilename(), rows: parse(bytes.subarray(3).toString("utf8"), { columns: true }) }
  }

  return [
    ["exports the members and a day of the ledger as CSV files equal to the admin API", async (page) => {
      await page.goto(`${BASE}/app/loyalty`)
      await page.getByRole("tab", { name: "Export" }).click()
      await page.getByRole("heading", { name: "Export for your CRM" }).waitFor()
      await shot(page, "admin-exports")

      const members = await downloadCsv(page, "export-members")
      const { accounts, count } = await adminGet(page, "/admin/loyalty/accounts?limit=1&order=-balance")
      await expectEqual(members.rows.length, count, "members in the file")
      await expectEqual(/^loyalty-members-\d{4}-\d{2}-\d{2}\.csv$/.test(members.name), true, `the file's name (${members.name})`)
      const top = members.rows.find((row) => row.customer_id === accounts[0].customer_id)
      await expectEqual(
        top && { balance: Number(top.balance), email: top.email },
        { balance: accounts[0].balance, email: accounts[0].customer?.email ?? "" },
        "the richest member's row"
      )

      const today = new Date()
      const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`
      await page.fill("#loyalty-export-from", day)
      await page.fill("#loyalty-export-to", day)
      const ledger = await downloadCsv(page, "export-ledger")
      const start = new Date(`${day}T00:00:00`).getTime()
      const outside = ledger.rows.filter((row) => {
        const at = new Date(row.created_at).getTime()
        return at < start || at >= start + 24 * 60 * 60 * 1000
      })
      await expectEqual(outside, [], "ledger rows outside the chosen day")
      await expectEqual(ledger.name, `loyalty-ledger-${day}-to-${day}.csv`, "the ledger file's name: the days picked")
    }],
  ]
}
