import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { json2csv } from "json-2-csv"
import { Readable } from "stream"
import { pipeline } from "stream/promises"
import { csvRecords } from "../../lib/csv-cells"

/** The header that tells the admin how many rows are coming, for its progress bar. */
export const EXPORT_ROWS_HEADER = "x-loyalty-export-rows"

/**
 * Streams `pages` to the response as one CSV file: the header line, then each
 * page as it is read. Node's pipeline waits whenever the client reads slower
 * than the database answers (memory holds one page whatever the size) and stops
 * reading when the client goes away. `total` goes out first, as
 * EXPORT_ROWS_HEADER; a UTF-8 BOM leads, so Excel shows names in any script.
 * A failure once the file has started cannot become an error answer: the
 * response is cut off (the download fails, it never looks complete) and the
 * failure is logged.
 */
export async function streamCsv(
  req: MedusaRequest,
  res: MedusaResponse,
  input: { filename: string; columns: readonly string[]; total: number; pages: AsyncIterable<Record<string, unknown>[]> }
) {
  res.status(200)
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="${input.filename}"`)
  res.setHeader("Cache-Control", "no-store")
  res.setHeader(EXPORT_ROWS_HEADER, String(input.total))
  res.setHeader("Access-Control-Expose-Headers", `${EXPORT_ROWS_HEADER}, content-disposition`)
  try {
    await pipeline(Readable.from(csvLines(input.columns, input.pages)), res)
  } catch (error) {
    if (req.destroyed || (error as NodeJS.ErrnoException).code === "ERR_STREAM_PREMATURE_CLOSE") {
      return // the admin cancelled or closed the tab
    }
    req.scope.resolve(ContainerRegistrationKeys.LOGGER).error(`medusa-loyalty: the export ${input.filename} failed after it started: ${(error as Error).message}`)
  }
}

async function* csvLines(columns: readonly string[], pages: AsyncIterable<Record<string, unknown>[]>) {
  yield `\uFEFF${columns.join(",")}\n`
  for await (const rows of pages) {
    if (rows.length) {
      yield `${json2csv(csvRecords(rows, columns), { keys: [...columns], prependHeader: false })}\n`
    }
  }
}
