/**
 * A value as a CSV cell a spreadsheet opens safely: dates in ISO 8601 (UTC),
 * nothing for null, numbers as they are, and text that a spreadsheet would run
 * as a formula (a shopper can name themselves "=HYPERLINK(…)") behind a quote
 * mark, as OWASP advises. Numbers are never touched: -120 stays -120.
 */
export function csvCell(value: unknown): string | number {
  if (value === null || value === undefined) {
    return ""
  }
  if (value instanceof Date) {
    return value.toISOString()
  }
  if (typeof value === "number") {
    return value
  }
  const text = String(value)
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

/** Each row as the cells of `columns`, in that order. */
export function csvRecords(rows: Record<string, unknown>[], columns: readonly string[]) {
  return rows.map((row) => Object.fromEntries(columns.map((column) => [column, csvCell(row[column])])))
}
