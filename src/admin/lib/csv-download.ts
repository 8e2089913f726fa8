/** How the admin asks for an export, and the header that says how many rows it holds. */
export const EXPORT_ROWS_HEADER = "x-loyalty-export-rows"

export type ExportProgress = { rows: number; total: number | null }

const NEWLINE = 10

/**
 * Reads a streamed CSV export to the end, reporting the rows received so far
 * (lines after the header) against the total the server announced, and gives
 * the file back whole. A line break a shopper typed into a name or reason
 * (quoted in its cell) counts as a row: the count can run a little ahead.
 */
export async function readExport(response: Response, onProgress: (progress: ExportProgress) => void): Promise<Blob> {
  const announced = Number(response.headers.get(EXPORT_ROWS_HEADER))
  const total = Number.isFinite(announced) && response.headers.has(EXPORT_ROWS_HEADER) ? announced : null
  const reader = response.body!.getReader()
  const chunks: Uint8Array[] = []
  let lines = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    lines += countNewlines(value)
    onProgress({ rows: Math.max(0, lines - 1), total })
  }
  return new Blob(chunks as BlobPart[], { type: "text/csv;charset=utf-8" })
}

export function countNewlines(bytes: Uint8Array): number {
  let count = 0
  for (const byte of bytes) if (byte === NEWLINE) count++
  return count
}

/** The share of the export received, 0–100; null while the total is unknown. */
export function progressPercent({ rows, total }: ExportProgress): number | null {
  if (total === null) return null
  if (total === 0) return 100
  return Math.min(100, Math.floor((rows / total) * 100))
}

/** The file name the server gave (Content-Disposition), or `fallback`. */
export function exportFileName(response: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")
  return match?.[1] ?? fallback
}

/** The export URL of the ledger for [from, to) as the date inputs give them (YYYY-MM-DD, the admin's own days). */
export function ledgerExportPath(from: string, to: string): string {
  const params = new URLSearchParams()
  if (from) params.set("from", new Date(`${from}T00:00:00`).toISOString())
  // The `to` day is included: the period ends at the next midnight.
  if (to) {
    const end = new Date(`${to}T00:00:00`)
    end.setDate(end.getDate() + 1)
    params.set("to", end.toISOString())
  }
  const query = params.toString()
  return `/admin/loyalty/exports/ledger${query ? `?${query}` : ""}`
}

/** Saves `file` under `name` through the browser's download. */
export function saveFile(file: Blob, name: string) {
  const url = URL.createObjectURL(file)
  const link = document.createElement("a")
  link.href = url
  link.download = name
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
