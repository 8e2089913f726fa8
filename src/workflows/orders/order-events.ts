/**
 * What an order's points announce. Each is written to the outbox in the transaction of the
 * row it announces, so it goes out once the row exists, however often the workflow runs.
 */
export const LOYALTY_POINTS_EARNED = "loyalty.points_earned"
export const LOYALTY_POINTS_REDEEMED = "loyalty.points_redeemed"
export const LOYALTY_POINTS_REVERSED = "loyalty.points_reversed"
export const LOYALTY_POINTS_RESTORED = "loyalty.points_restored"
