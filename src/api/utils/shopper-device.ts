import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { deviceHash, ipHash } from "../../lib/shopper-fingerprint"
import { LOYALTY_MODULE } from "../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../types/loyalty"

/**
 * The keyed hashes of the request's IP address and of its IP and user agent,
 * under the app's cookie secret: comparable between requests, never an
 * address. `req.ip` honours Medusa's `trust proxy` (one proxy hop).
 */
export function requestFingerprints(req: MedusaRequest) {
  const secret = req.scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE).projectConfig.http.cookieSecret as string
  const userAgent = req.get("user-agent")
  return { ip_hash: ipHash(secret, req.ip), device_hash: deviceHash(secret, req.ip, userAgent) }
}

/**
 * Middleware of `GET /store/loyalty/account` and `GET /store/loyalty/referrals`,
 * after the login and the query are checked (bad input changes nothing):
 * keeps the device the shopper uses (written only when it changed), so a
 * referee claiming from the referrer's device is flagged. A failure to
 * record is logged and never fails the shopper's request.
 */
export async function recordShopperDevice(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const customerId = (req as any).auth_context?.actor_id as string | undefined
  const { device_hash } = requestFingerprints(req)
  if (customerId && device_hash) {
    try {
      await req.scope.resolve<ILoyaltyModuleService>(LOYALTY_MODULE).recordShopperDevice(customerId, device_hash)
    } catch (error) {
      req.scope.resolve(ContainerRegistrationKeys.LOGGER).warn(`medusa-loyalty: could not record the shopper's device: ${(error as Error).message}`)
    }
  }
  next()
}
