import { randomInt } from "node:crypto"

/** Crockford's base 32: no I, L, O or U, so a code read aloud or typed from a promo box is unambiguous. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
const LENGTH = 8

export const POINTS_PROMOTION_PREFIX = "POINTS-"

/**
 * A new code for a cart's points promotion, e.g. `POINTS-7K3Q2M9X`: short enough for a
 * storefront's promo-code badge to show whole, random (40 bits) so it names no cart.
 */
export function newPointsPromotionCode(): string {
  let code = POINTS_PROMOTION_PREFIX
  for (let i = 0; i < LENGTH; i++) {
    code += ALPHABET[randomInt(ALPHABET.length)]
  }
  return code
}
