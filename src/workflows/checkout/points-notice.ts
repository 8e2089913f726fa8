/**
 * Why the store changed the points on a cart without the shopper asking, kept on the cart's
 * points promotion and shown by GET /store/carts/:id/loyalty-points until the next change.
 */
export type CartPointsNotice = {
  code: "capped" | "currency_changed" | "removed_currency" | "removed_limit" | "removed_owner" | "removed_expired"
  message: string
}

export const notices = {
  capped: (points: number): CartPointsNotice => ({
    code: "capped",
    message: `The cart changed: the points were lowered to ${points}, the most it takes now`,
  }),
  currencyChanged: (currency: string, points: number): CartPointsNotice => ({
    code: "currency_changed",
    message: `The cart's currency changed to ${currency.toUpperCase()}: ${points} points were applied again at its point value`,
  }),
  removedCurrency: (currency: string): CartPointsNotice => ({
    code: "removed_currency",
    message: `Points cannot pay in ${currency.toUpperCase()}: they were taken off the cart and given back`,
  }),
  removedLimit: (): CartPointsNotice => ({
    code: "removed_limit",
    message: "The cart changed and can no longer be paid with these points: they were taken off and given back",
  }),
  removedOwner: (): CartPointsNotice => ({
    code: "removed_owner",
    message: "The cart passed to another customer: the points held for it were given back",
  }),
  removedExpired: (hours: number): CartPointsNotice => ({
    code: "removed_expired",
    message: `The points were held for this cart longer than ${hours} hours: they were given back`,
  }),
}
