import { fileHasToken, META_NAME, pageHasToken, wellKnownUrl } from "./referral-site"
import { fetchSitePage, resolvePublicAddresses, SiteFetchError, type SiteFetchOptions } from "./site-fetch"

/**
 * Whether the site at `origin` carries `token`: in its well-known file, or
 * else in a meta tag of its home page. Throws a SiteFetchError saying what
 * was found at each place when neither has it.
 */
export async function verifySiteToken(origin: string, token: string, options: SiteFetchOptions = {}): Promise<"file" | "meta"> {
  // A host that is not public is refused once, before either request.
  await resolvePublicAddresses(new URL(origin).hostname, options.allowPrivate ?? false)
  const fileUrl = wellKnownUrl(origin)
  const file = await attempt(fileUrl, options, (body) => fileHasToken(body, token))
  if (file === true) {
    return "file"
  }
  const pageUrl = `${origin}/`
  const page = await attempt(pageUrl, options, (body) => pageHasToken(body, token))
  if (page === true) {
    return "meta"
  }
  throw new SiteFetchError(
    `The file at ${fileUrl} did not contain the token (${file}), and the home page ${pageUrl} ` +
      `has no <meta name="${META_NAME}" content="${token}"> (${page}).`
  )
}

/** true when the page has the token, else what was wrong, for the message. */
async function attempt(url: string, options: SiteFetchOptions, hasToken: (body: string) => boolean): Promise<true | string> {
  try {
    const { status, body } = await fetchSitePage(url, options)
    if (status !== 200) {
      return `it answered ${status}`
    }
    return hasToken(body) || "the token is not in it"
  } catch (error) {
    if (error instanceof SiteFetchError) {
      return error.message.replace(/\.$/, "")
    }
    throw error
  }
}
