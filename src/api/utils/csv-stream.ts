import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { json2csv } from "json-2-csv"
import { once } from "events"
import { csvRecords } from "../../lib/csv-cells"

/** The header that tells the admin how many rows are coming, for its progress bar. */
export const EXPORT_ROWS_HEADER = "x-loyalty-export-rows"

/**
 * Streams `pages` to the response as one CSV file: the header line, then each
 * page as it is read, waiting whenever the client reads slower than the
 * database answers. So memory holds one page whatever the export's size. Stops
 * reading when the client goes away. `total` goes out first, as
 * EXPORT_ROWS_HEADER. A UTF-8 BOM leads, so Excel shows names in any script.
 */
export async function streamCsv(
  req: MedusaRequest,
  res: MedusaResponse,
  input: { filename: string; columns: readonly string[]; total: number; pages: AsyncIterable<Record<string, unknown>[]> }
) {
  let gone = false
  req.on("close", () => (gone = true))
  res.status(200)
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="${input.filename}"`)
  res.setHeader("Cache-Control", "no-store")
  res.setHeader(EXPORT_ROWS_HEADER, String(input.total))
  res.setHeader("Access-Control-Expose-Headers", `${EXPORT_ROWS_HEADER}, content-disposition`)
  res.write(`\uFEFF${input.columns.join(",")}\n`)
  for await (const rows of input.pages) {
    if (gone) {
      break
    }
    if (!rows.length) {
      continue
    }
    const lines = json2csv(csvRecords(rows, input.columns), { keys: [...input.columns], prependHeader: false })
    if (!res.write(`${lines}\n`)) {
      await Promise.race([once(res, "drain"), once(res, "close")])
    }
  }
  res.end()
}
