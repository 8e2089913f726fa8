/** What a ledger row says about itself, as far as the shopper's description needs. */
export type DescribedRow = {
  type: string
  order_id: string | null
  details?: Record<string, unknown> | null
}

const BONUSES: Record<string, string> = {
  welcome_bonus: "Welcome bonus",
  birthday_bonus: "Birthday bonus",
  newsletter_bonus: "Newsletter subscription bonus",
  achievement: "Achievement bonus",
}

/**
 * The line a shopper reads for a row of their points history, in English, from the row's type
 * and what its details say it was (which bonus, why it expired): never the admin's own
 * `reason`. `orderNumber` is the order's display number (#12); without it the order's id.
 */
export function describeTransaction(row: DescribedRow, orderNumber?: number | string | null): string {
  const order = row.order_id ? (orderNumber != null ? `order #${orderNumber}` : `order ${row.order_id}`) : null
  const bonus = typeof row.details?.bonus === "string" ? row.details.bonus : null
  switch (row.type) {
    case "earn":
      return order ? `Earned on ${order}` : "Points earned"
    case "bonus":
      if (bonus === "order_bonus") return order ? `Bonus for ${order}` : "Order bonus"
      return (bonus && BONUSES[bonus]) || "Bonus"
    case "referral":
      return "Referral reward"
    case "adjust":
      return "Adjustment"
    case "redeem":
      return order ? `Paid for ${order}` : "Points spent"
    case "reversal":
      return order ? `Taken back for ${order}` : "Points taken back"
    case "restore":
      return order ? `Given back for ${order}` : "Points given back"
    case "expire":
      return row.details?.cause === "inactivity" ? "Expired after inactivity" : "Expired"
    default:
      return "Points"
  }
}
