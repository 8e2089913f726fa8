import type { MedusaRequest } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { visitorHash } from "../../lib/visitor-hash"

/**
 * Keyed hashes of the requester's IP address (as Express sees it behind the
 * proxy Medusa trusts) and user agent. The key is the app's cookie secret,
 * which every server instance of the store shares.
 */
export function visitorHashes(req: MedusaRequest) {
  const config = req.scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  const key = String(config.projectConfig.http.cookieSecret ?? "")
  return {
    ip_hash: visitorHash(key, "ip", req.ip),
    user_agent_hash: visitorHash(key, "user_agent", req.get("user-agent")?.slice(0, 1000)),
  }
}
