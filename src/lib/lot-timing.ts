const DAY = 24 * 60 * 60 * 1000

/**
 * When a lot that comes from an order (its points, its order bonus, an
 * achievement it reached) becomes spendable and when it expires: pending for
 * `pending_days` (the return window), then `expiry_days` (0: never).
 */
export function orderLotTiming(
  program: { pending_days: number; expiry_days: number },
  now: Date,
  expiryDays: number = program.expiry_days
): { status: "pending" | "available"; available_at: Date; expires_at: Date | null } {
  const available_at = new Date(now.getTime() + program.pending_days * DAY)
  return {
    status: program.pending_days > 0 ? "pending" : "available",
    available_at,
    expires_at: expiryDays > 0 ? new Date(available_at.getTime() + expiryDays * DAY) : null,
  }
}
