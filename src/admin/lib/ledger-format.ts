import { descriptionKind } from "../../lib/transaction-description"

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
 * What a ledger row says in the admin: an adjustment's reason as the admin wrote it; any other
 * row, the line of its kind in the admin's language, naming its order by number (the notes
 * the server writes on its own rows name orders by id, in English).
 */
export function rowDescription(row: DescribedRow, t: (key: string, options: { order: string }) => string) {
  if (row.type === "adjust" && row.reason?.trim()) {
    return row.reason
  }
  return t(`loyalty.descriptions.${descriptionKind(row)}`, { order: orderLabel(row) })
}
