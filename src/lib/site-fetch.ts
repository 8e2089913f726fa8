import type { LookupAddress } from "dns"
import { lookup as dnsLookup } from "dns/promises"
import http from "http"
import https from "https"
import type { LookupFunction } from "net"
import { ADDRESS_KIND_NAMES, classifyAddress } from "./ip-address"

/**
 * Fetches one page of a site a shopper named, without letting them aim the
 * server at anything but the public internet:
 * - the host is resolved first and every address it has must be public
 *   (lib/ip-address.ts), unless `allowPrivate` (tests and local development);
 * - the connection goes to the addresses that were checked (a `lookup` hook
 *   answers with them), so a second DNS answer cannot swap in 127.0.0.1;
 * - a redirect is not followed: the file must be at the address itself;
 * - the whole exchange has a deadline and the body a size limit.
 * Every refusal is a SiteFetchError whose message the shopper can act on.
 */
export type SiteFetchOptions = { allowPrivate?: boolean; timeoutMs?: number; maxBytes?: number }
export type SiteFetchResult = { status: number; body: string }

export const SITE_FETCH_TIMEOUT_MS = 5_000
export const SITE_FETCH_MAX_BYTES = 64 * 1024

export class SiteFetchError extends Error {}

/** The addresses `hostname` has, each checked; a refusal names the first that is not public. */
export async function resolvePublicAddresses(hostname: string, allowPrivate: boolean): Promise<LookupAddress[]> {
  const bare = hostname.replace(/^\[|\]$/g, "")
  let addresses: LookupAddress[]
  try {
    addresses = await dnsLookup(bare, { all: true, verbatim: true })
  } catch {
    throw new SiteFetchError(`${hostname} could not be found (no DNS address); check the site's address.`)
  }
  if (!addresses.length) {
    throw new SiteFetchError(`${hostname} could not be found (no DNS address); check the site's address.`)
  }
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const kind = classifyAddress(address)
      if (kind !== "public") {
        throw new SiteFetchError(
          `${hostname} resolves to ${address}, which is ${ADDRESS_KIND_NAMES[kind]}; only sites on the public internet can be checked.`
        )
      }
    }
  }
  return addresses
}

/** A lookup that answers with the checked addresses only (whatever name it is asked), in the form the socket asked for. */
export function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses
    if (!wanted.length) {
      callback(Object.assign(new Error("no checked address of that family"), { code: "ENOTFOUND" }), "", 0)
    } else if (options.all) {
      ;(callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, wanted)
    } else {
      callback(null, wanted[0].address, wanted[0].family)
    }
  }
}

/** GET `url` under the rules above; any status is returned, a redirect is refused. */
export async function fetchSitePage(url: string, options: SiteFetchOptions = {}): Promise<SiteFetchResult> {
  const { allowPrivate = false, timeoutMs = SITE_FETCH_TIMEOUT_MS, maxBytes = SITE_FETCH_MAX_BYTES } = options
  const target = new URL(url)
  if (target.protocol !== "https:" && !(allowPrivate && target.protocol === "http:")) {
    throw new SiteFetchError(`${url}: only https sites can be checked.`)
  }
  const addresses = await resolvePublicAddresses(target.hostname, allowPrivate)
  const client = target.protocol === "https:" ? https : http

  return new Promise<SiteFetchResult>((resolve, reject) => {
    let settled = false
    const finish = (error: Error | null, result?: SiteFetchResult) => {
      if (settled) {
        return
      }
      settled = true
      clearTimeout(deadline)
      request.destroy()
      error ? reject(error) : resolve(result!)
    }
    const request = client.get(
      target,
      {
        lookup: pinnedLookup(addresses),
        headers: { accept: "text/plain, text/html;q=0.9, */*;q=0.1", "user-agent": "medusa-loyalty site check" },
        // One connection per check: a kept-alive socket would skip the lookup of the next one.
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0
        if (status >= 300 && status < 400) {
          const location = response.headers.location
          return finish(
            new SiteFetchError(
              `${url} answered with a redirect${location ? ` to ${location}` : ""}; the check does not follow redirects, so serve it at ${url} itself.`
            )
          )
        }
        const declared = Number(response.headers["content-length"])
        if (declared > maxBytes) {
          return finish(tooLarge(url, maxBytes))
        }
        const chunks: Buffer[] = []
        let size = 0
        response.on("data", (chunk: Buffer) => {
          size += chunk.length
          if (size > maxBytes) {
            return finish(tooLarge(url, maxBytes))
          }
          chunks.push(chunk)
        })
        response.on("end", () => finish(null, { status, body: Buffer.concat(chunks).toString("utf8") }))
        response.on("error", (error) => finish(unreachable(url, error)))
      }
    )
    request.on("error", (error) => finish(unreachable(url, error)))
    const deadline = setTimeout(
      () => finish(new SiteFetchError(`${url} did not answer within ${timeoutMs / 1000} seconds.`)),
      timeoutMs
    )
  })
}

const tooLarge = (url: string, maxBytes: number) =>
  new SiteFetchError(`${url} is larger than ${Math.round(maxBytes / 1024)} KB; the check reads no more than that.`)

const unreachable = (url: string, error: Error & { code?: string }) =>
  new SiteFetchError(`${url} could not be reached (${error.code ?? error.message}).`)
