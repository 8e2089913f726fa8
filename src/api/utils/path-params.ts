import {
  errorHandler,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { unstorableInput } from "../validators"

/** The plugin's routes with an id in the path (each also covers the routes below it). */
export const ID_ROUTES = [
  "/admin/loyalty/tiers/:id",
  "/admin/loyalty/campaigns/:id",
  "/admin/loyalty/rules/:id",
  "/admin/loyalty/referrals/:id",
  "/admin/customers/:id/loyalty",
  "/admin/orders/:id/loyalty",
  "/store/carts/:id/loyalty-points",
  "/store/loyalty/referrals/sites/:id",
  "/admin/loyalty/referrals/sites/:id",
]

// The raw id segment of each route; Express matches paths case-insensitively.
const ID_PATTERNS = ID_ROUTES.map((route) => {
  const [before, after] = route.split(":id").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
  return new RegExp(`^${before}([^/]+)${after}(?:/|$)`, "i")
})

/**
 * Why the id in a still-encoded path of one of the plugin's routes cannot be decoded
 * (`/admin/loyalty/tiers/%E0%A4%A`); null when it decodes or the path is not such a route.
 */
export function malformedPathId(rawPath: string): string | null {
  for (const pattern of ID_PATTERNS) {
    const id = pattern.exec(rawPath)?.[1]
    if (id === undefined) {
      continue
    }
    try {
      decodeURIComponent(id)
      return null
    } catch {
      return `Invalid request: id: "${id}" is not valid percent-encoding`
    }
  }
  return null
}

/** A path id that decoded to a NUL character stops here rather than at PostgreSQL. */
export function refuseUnstorableParams(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const problem = unstorableInput(req.params)
  next(problem ? new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid request: ${problem}`) : undefined)
}

const medusaErrorHandler = errorHandler()

/**
 * Medusa's error handler, but a malformed escape in a plugin route's id is a 400 naming it.
 * Express decodes path params while it matches a layer, and Medusa's own `/admin*` middleware
 * matches every admin path, so its URIError skips every middleware and only reaches the error
 * handler (which Medusa answers with 500). Other errors and paths are Medusa's as before.
 * A store's own `errorHandler` in its middlewares.ts replaces this one (Medusa keeps the last).
 */
export function loyaltyErrorHandler(error: unknown, req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const problem = (error as Error | undefined)?.name === "URIError" ? malformedPathId(req.path) : null
  return medusaErrorHandler(problem ? new MedusaError(MedusaError.Types.INVALID_DATA, problem) : error, req, res, next)
}
