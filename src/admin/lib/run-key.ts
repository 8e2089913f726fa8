import type { GoodCsvRow } from "./csv-rows"

/** Whom a bulk run adjusts: CSV rows with their own points, or a list or group with one amount. */
export type RunTarget =
  | { source: "csv"; entries: GoodCsvRow[] }
  | { source: "selected"; customer_ids: string[]; points: number }
  | { source: "group"; customer_group_id: string; points: number }

/**
 * The run's content as one text: what decides whom it adjusts, by how much and
 * why. Spelling that changes nothing on the server changes nothing here: an
 * email's case, spaces around the reason, the order of selected members. A CSV
 * row keeps its number, as the ledger names the row by it.
 */
export function runContent(target: RunTarget, reason: string): string {
  const who =
    target.source === "csv"
      ? target.entries.map((entry) => [
          entry.row,
          entry.email !== undefined ? `email:${entry.email.trim().toLowerCase()}` : `id:${entry.customer_id}`,
          entry.points,
        ])
      : target.source === "selected"
        ? [[...new Set(target.customer_ids)].sort(), target.points]
        : [target.customer_group_id, target.points]
  return JSON.stringify(["medusa-loyalty bulk run", 1, target.source, reason.trim(), who])
}

/**
 * The run's idempotency key: `run-` and the SHA-256 of its content in hex, so
 * the same run prepared again (after a reload, on another day, by another
 * admin) has the same key and credits nobody twice. Web Crypto, which the
 * browser offers on https and localhost.
 */
export async function runKeyOf(content: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(content))
  return `run-${Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("")}`
}
