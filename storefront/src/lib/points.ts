import type { LoyaltyAccount, LoyaltyTransaction } from "medusa-loyalty/client"

/** The money `points` take off in a currency (major units); 0 where the currency has no point value. */
export function pointsValue(points: number, pointValues: Record<string, number>, currencyCode: string): number {
  const value = pointValues[currencyCode.toLowerCase()] ?? 0
  return Math.round(points * value * 100) / 100
}

/**
 * The slider's range at checkout: from the program's min_redeem_points to what the cart takes
 * now (the estimate's max_redeemable_points, which already counts the spendable balance).
 * `usable` is false when the cart cannot take even the minimum.
 */
export function redeemBounds(minRedeemPoints: number, maxRedeemablePoints: number) {
  const min = Math.max(1, minRedeemPoints)
  const max = Math.max(0, maxRedeemablePoints)
  return { min, max, usable: max >= min }
}

/** How far the shopper is to the next tier, 0 to 100, or null at the top (or with no tiers). */
export function tierProgress(account: Pick<LoyaltyAccount, "next_tier" | "tier_points" | "tier">): number | null {
  if (!account.next_tier) return null
  const from = account.tier?.min_points ?? 0
  const span = account.next_tier.min_points - from
  if (span <= 0) return 100
  return Math.max(0, Math.min(100, Math.floor(((account.tier_points - from) / span) * 100)))
}

export type RowLine = { key: string; values: Record<string, string> }

const ORDER_LINES: [RegExp, string][] = [
  [/^Earned on order (.+)$/, "ledger.earn_order"],
  [/^Bonus for order (.+)$/, "ledger.order_bonus_order"],
  [/^Paid for order (.+)$/, "ledger.redeem_order"],
  [/^Taken back for order (.+)$/, "ledger.reversal_order"],
  [/^Given back for order (.+)$/, "ledger.restore_order"],
  [/^Reward for inviting (.+)$/, "ledger.referral_friend"],
  [/^Reward for joining through (.+)$/, "ledger.referral_welcome"],
]

const PLAIN_LINES: Record<string, string> = {
  "Points earned": "ledger.earn",
  "Order bonus": "ledger.order_bonus",
  "Welcome bonus": "ledger.welcome_bonus",
  "Birthday bonus": "ledger.birthday_bonus",
  "Newsletter subscription bonus": "ledger.newsletter_bonus",
  "Achievement bonus": "ledger.achievement",
  Bonus: "ledger.bonus",
  "Referral reward": "ledger.referral",
  Adjustment: "ledger.adjust",
  "Points spent": "ledger.redeem",
  "Points taken back": "ledger.reversal",
  "Points given back": "ledger.restore",
  Expired: "ledger.expire",
  "Expired after inactivity": "ledger.expire_inactivity",
}

/**
 * A ledger row's line as a translation key: the server's English `description` read back into
 * what it says (which bonus, which order, which friend), so the page can say it in the
 * shopper's language. A line this storefront does not know is shown as the server wrote it.
 */
export function rowLine(row: Pick<LoyaltyTransaction, "description" | "order">): RowLine {
  const text = row.description.trim()
  for (const [pattern, key] of ORDER_LINES) {
    const match = pattern.exec(text)
    if (!match) continue
    if (key.endsWith("_order")) {
      const number = row.order?.display_id != null ? `#${row.order.display_id}` : match[1]
      return { key, values: { order: number } }
    }
    return { key, values: { friend: match[1] } }
  }
  const key = PLAIN_LINES[text]
  return key ? { key, values: {} } : { key: "ledger.as_is", values: { text } }
}

/**
 * An order's points from its ledger rows: spent (redeem less what came back), earned (earn and
 * order bonus rows), and when the earned points become spendable (null: now). `settled` once
 * the store has written what the order earned.
 */
export function orderPoints(rows: Pick<LoyaltyTransaction, "type" | "points" | "status" | "available_at">[], now = Date.now()) {
  let spent = 0
  let earned = 0
  let availableAt: string | null = null
  for (const row of rows) {
    if (row.status === "void") continue
    if (row.type === "redeem") spent += -row.points
    if (row.type === "restore") spent -= row.points
    if (row.type === "earn" || row.type === "bonus") {
      earned += row.points
      if (row.status === "pending" && row.available_at && Date.parse(row.available_at) > now) {
        if (!availableAt || row.available_at > availableAt) availableAt = row.available_at
      }
    }
  }
  // The spend is written first, the earning after it (both on order.placed).
  const settled = rows.some((row) => row.type === "earn")
  return { spent, earned, availableAt, settled }
}
