export type GoodCsvRow = { row: number; customer_id?: string; email?: string; points: number }
export type BadCsvRow = { row: number; raw: string; error: string }
export type CsvRow = GoodCsvRow | BadCsvRow

export const isBadRow = (row: CsvRow): row is BadCsvRow => "error" in row

/**
 * Rows of a bulk-accrual CSV: `email or customer id, points` per line. The
 * first line is skipped when its points column is not a number (a header);
 * blank lines are ignored; `row` is the line number a spreadsheet shows.
 */
export function parseCsvRows(text: string, formatError: string): CsvRow[] {
  const lines = text.split(/\r?\n/)
  const rows: CsvRow[] = []
  lines.forEach((line, index) => {
    const row = index + 1
    if (!line.trim()) {
      return
    }
    const [who = "", points = ""] = line.split(/[,;\t]/).map((cell) => cell.trim().replace(/^"(.*)"$/, "$1"))
    const isWhole = /^[+-]?\d+$/.test(points)
    if (index === 0 && !isWhole) {
      return
    }
    if (!who || !isWhole || Number(points) === 0) {
      rows.push({ row, raw: line, error: formatError })
      return
    }
    rows.push({ row, ...(who.includes("@") ? { email: who } : { customer_id: who }), points: Number(points) })
  })
  return rows
}

/** Splits a list into chunks of `size`, in order. */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size))
  }
  return out
}
