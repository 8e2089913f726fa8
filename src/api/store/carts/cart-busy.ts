import { MedusaError } from "@medusajs/framework/utils"

/**
 * A points change waits up to 30 s for the cart's lock (a completion, or another change, holds
 * it); Medusa's locking then throws a plain Error, which would answer 500. It is a conflict
 * the shopper can retry.
 */
export function asCartBusy(error: unknown, cartId: string) {
  if (error instanceof Error && /acquir(e|ing) lock/i.test(error.message)) {
    return new MedusaError(
      MedusaError.Types.CONFLICT,
      `Cart ${cartId} is being completed or changed by another request; try again in a moment`
    )
  }
  return error
}
