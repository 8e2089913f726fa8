import type { AuthenticatedMedusaRequest, MedusaRequest } from "@medusajs/framework/http"
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
 * Keeps the device the shopper uses (written only when it changed), so a
 * referee claiming from the referrer's device is flagged. Called by
 * `GET /store/loyalty/account` and `GET /store/loyalty/referrals`, the two reads
 * a storefront makes on every visit, once the request is known to be valid (bad
 * input changes nothing), beside their own read: nearly every call finds the
 * device known and costs one indexed read. A failure to record is logged and
 * never fails the shopper's request.
 */
export async function keepShopperDevice(req: AuthenticatedMedusaRequest): Promise<void> {
  const { device_hash } = requestFingerprints(req)
  if (!device_hash) {
    return
  }
  try {
    await req.scope.resolve<ILoyaltyModuleService>(LOYALTY_MODULE).recordShopperDevice(req.auth_context.actor_id, device_hash)
  } catch (error) {
    req.scope.resolve(ContainerRegistrationKeys.LOGGER).warn(`medusa-loyalty: could not record the shopper's device: ${(error as Error).message}`)
  }
}
