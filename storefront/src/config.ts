import Medusa from "@medusajs/js-sdk"
import { loyalty } from "medusa-loyalty/client"

/** What the server that serves this storefront tells it at run time (GET /config.json). */
export type RuntimeConfig = {
  backend_url: string
  publishable_key: string | null
  demo_shopper: { email: string; password: string } | null
}

export async function loadConfig(): Promise<RuntimeConfig> {
  const response = await fetch("/config.json", { cache: "no-store" })
  if (!response.ok) throw new Error(`GET /config.json: ${response.status}`)
  return response.json()
}

/** The js-sdk for Medusa's own routes and the loyalty client over it; the shopper's token in localStorage. */
export function makeClients(config: RuntimeConfig) {
  const sdk = new Medusa({
    baseUrl: config.backend_url,
    publishableKey: config.publishable_key ?? undefined,
    auth: { type: "jwt", jwtTokenStorageMethod: "local" },
  })
  return { sdk, points: loyalty(sdk) }
}

export type Clients = ReturnType<typeof makeClients>
