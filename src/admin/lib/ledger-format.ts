import { descriptionKind, friendOf } from "../../lib/transaction-description"

/** Badge colors of ledger row types, shared by the admin's loyalty widgets. */
export const TYPE_COLORS: Record<string, "green" | "red" | "blue" | "orange" | "grey" | "purple"> = {
  earn: "green",
  bonus: "green",
  referral: "purple",
  adjust: "blue",
  restore: "blue",
  redeem: "orange",
  reversal: "red",
  expire: "grey",
}

export const formatDate = (value: string | null) => (value ? new Date(value).toLocaleDateString() : "–")

export const formatDateTime = (value: string | null) =>
  value ? new Date(value).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "–"

export const signedPoints = (points: number) => (points > 0 ? `+${points}` : `${points}`)

type DescribedRow = {
  type: string
  order_id: string | null
  order?: { display_id: number | null } | null
  reason: string | null
  details: Record<string, unknown> | null
}

/** An order as Medusa names it, "#12"; its id only when its number is not known (the order is gone). */
export const orderLabel = (row: Pick<DescribedRow, "order_id" | "order">) =>
  row.order?.display_id != null ? `#${row.order.display_id}` : (row.order_id ?? "")

/**
 * What a ledger row says in the admin. A row of an order: the line of its kind in the admin's
 * language, naming the order by number as Medusa does (the note the server writes on such rows
 * names it by id). Any other row: its note (an adjustment's reason as the admin wrote it, the
 * bonus it was), or without one the line of its kind.
 */
export function rowDescription(row: DescribedRow, t: (key: string, options: { order: string; friend: string }) => string) {
  if (!row.order_id && row.reason?.trim()) {
    return row.reason
  }
  return t(`loyalty.descriptions.${descriptionKind(row)}`, { order: orderLabel(row), friend: friendOf(row) })
}
