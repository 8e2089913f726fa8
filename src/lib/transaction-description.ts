/** What a ledger row says about itself, as far as its description needs. */
export type DescribedRow = {
  type: string
  order_id: string | null
  details?: Record<string, unknown> | null
}

/**
 * What a row was, as a description tells it: one name per line a reader is shown. A name that
 * ends in `_order` names its order (`{order}` in the text); the shopper's English lines are
 * below, the admin has its own in each of its languages under `loyalty.descriptions.<kind>`.
 */
export const DESCRIPTION_KINDS = [
  "earn_order",
  "earn",
  "order_bonus_order",
  "order_bonus",
  "welcome_bonus",
  "birthday_bonus",
  "newsletter_bonus",
  "achievement",
  "bonus",
  "referral_friend",
  "referral_welcome",
  "referral",
  "adjust",
  "redeem_order",
  "redeem",
  "reversal_order",
  "reversal",
  "restore_order",
  "restore",
  "expire",
  "expire_inactivity",
  "other",
] as const
export type DescriptionKind = (typeof DESCRIPTION_KINDS)[number]

const BONUSES: Record<string, DescriptionKind> = {
  welcome_bonus: "welcome_bonus",
  birthday_bonus: "birthday_bonus",
  newsletter_bonus: "newsletter_bonus",
  achievement: "achievement",
}

/** The kind of line a row reads as, from its type, whether it has an order, and its details. */
export function descriptionKind(row: DescribedRow): DescriptionKind {
  const ordered = (kind: "earn" | "order_bonus" | "redeem" | "reversal" | "restore"): DescriptionKind =>
    row.order_id ? `${kind}_order` : kind
  const bonus = typeof row.details?.bonus === "string" ? row.details.bonus : null
  switch (row.type) {
    case "earn":
    case "redeem":
    case "reversal":
    case "restore":
      return ordered(row.type)
    case "bonus":
      return bonus === "order_bonus" ? ordered("order_bonus") : (bonus && BONUSES[bonus]) || "bonus"
    case "referral":
      // The referrer's reward for a friend's order, or the friend's own for joining.
      return row.details?.party === "referrer" ? "referral_friend" : row.details?.party === "referee" ? "referral_welcome" : "referral"
    case "adjust":
      return row.type
    case "expire":
      return row.details?.cause === "inactivity" ? "expire_inactivity" : "expire"
    default:
      return "other"
  }
}

/** The shopper's lines, in English. */
const SHOPPER_LINES: Record<DescriptionKind, string> = {
  earn_order: "Earned on {order}",
  earn: "Points earned",
  order_bonus_order: "Bonus for {order}",
  order_bonus: "Order bonus",
  welcome_bonus: "Welcome bonus",
  birthday_bonus: "Birthday bonus",
  newsletter_bonus: "Newsletter subscription bonus",
  achievement: "Achievement bonus",
  bonus: "Bonus",
  referral_friend: "Reward for inviting {friend}",
  referral_welcome: "Reward for joining through {friend}",
  referral: "Referral reward",
  adjust: "Adjustment",
  redeem_order: "Paid for {order}",
  redeem: "Points spent",
  reversal_order: "Taken back for {order}",
  reversal: "Points taken back",
  restore_order: "Given back for {order}",
  restore: "Points given back",
  expire: "Expired",
  expire_inactivity: "Expired after inactivity",
  other: "Points",
}

/** The other party of a referral row, masked as it was recorded ("A*** K."). */
export function friendOf(row: DescribedRow): string {
  return typeof row.details?.other_party === "string" ? row.details.other_party : "a friend"
}

/**
 * The line a shopper reads for a row of their points history, in English, from the row's type
 * and what its details say it was (which bonus, why it expired): never the admin's own
 * `reason`. `orderNumber` is the order's display number (#12); without it the order's id.
 */
export function describeTransaction(row: DescribedRow, orderNumber?: number | string | null): string {
  const order = orderNumber != null ? `order #${orderNumber}` : `order ${row.order_id}`
  return SHOPPER_LINES[descriptionKind(row)].replace("{order}", order).replace("{friend}", friendOf(row))
}
