/** Rows a CRM export reads and writes at a time: its memory at any size. */
export const EXPORT_PAGE = 1000

/**
 * The pages `read` gives from the first (`after` null) on, each next one asked for (by the
 * cursor `next` takes from the page before) as soon as its predecessor arrives, so reading
 * page n + 1 overlaps writing page n. `next` gives undefined after the last page.
 */
export async function* prefetchPages<Page, Cursor>(
  read: (after: Cursor | null) => Promise<Page>,
  next: (page: Page) => Cursor | undefined
): AsyncGenerator<Page> {
  // Each read is marked handled as it starts: while the page before it waits for the client, nobody
  // awaits it yet, and a failure then would be an unhandled rejection. Awaiting it still throws.
  const start = (after: Cursor | null) => {
    const page = read(after)
    page.catch(() => undefined)
    return page
  }
  let pending: Promise<Page> | undefined = start(null)
  while (pending) {
    const page: Page = await pending
    const cursor = next(page)
    pending = cursor === undefined ? undefined : start(cursor)
    yield page
  }
}

const day = (date: Date) => date.toISOString().slice(0, 10)

/**
 * `loyalty-members-2026-12-03.csv`, `loyalty-ledger-2026-01-01-to-2026-12-31.csv` (UTC days, the
 * last one the period's last included day: `to` itself is not in it).
 */
export function exportFilename(name: string, from?: Date, to?: Date) {
  return from && to ? `${name}-${day(from)}-to-${day(new Date(to.getTime() - 1))}.csv` : `${name}-${day(new Date())}.csv`
}

/** The members export's columns, in order. */
export const MEMBER_COLUMNS = [
  "customer_id",
  "email",
  "first_name",
  "last_name",
  "balance",
  "pending",
  "reserved",
  "spendable",
  "tier",
  "lifetime_earned",
  "lifetime_spent",
  "last_activity_at",
  "member_since",
] as const

/** The ledger export's columns, in order. */
export const LEDGER_COLUMNS = [
  "id",
  "created_at",
  "customer_id",
  "email",
  "type",
  "points",
  "status",
  "remaining",
  "available_at",
  "expires_at",
  "order_id",
  "reason",
  "reference",
  "created_by",
] as const
