import http from "http"
import type { AddressInfo } from "net"
import { fetchSitePage, pinnedLookup, SiteFetchError } from "../site-fetch"
import { verifySiteToken } from "../site-verification"

const TOKEN = "mlv-0123456789abcdef0123456789abcdef"

/** A small site on 127.0.0.1: one handler per path, and the paths it was asked for. */
function startSite(routes: Record<string, (res: http.ServerResponse) => void>) {
  const asked: string[] = []
  const server = http.createServer((req, res) => {
    asked.push(req.url ?? "")
    const route = routes[req.url ?? ""]
    route ? route(res) : res.writeHead(404).end("not here")
  })
  return new Promise<{ origin: string; asked: string[]; close: () => Promise<void> }>((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({
        origin: `http://127.0.0.1:${port}`,
        asked,
        close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()) }),
      })
    })
  )
}

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => null, (e) => e)
  expect(error).toBeInstanceOf(SiteFetchError)
  return (error as Error).message
}

describe("fetchSitePage", () => {
  let site: Awaited<ReturnType<typeof startSite>>
  const chunk = Buffer.alloc(16 * 1024, "a")

  beforeAll(async () => {
    site = await startSite({
      "/ok": (res) => res.writeHead(200, { "content-type": "text/plain" }).end(TOKEN),
      "/redirect": (res) => res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end(),
      "/huge": (res) => {
        // Chunked, no length announced: the limit counts what arrives.
        res.writeHead(200)
        for (let i = 0; i < 8; i++) res.write(chunk)
        res.end()
      },
      "/huge-declared": (res) => res.writeHead(200, { "content-length": String(10 * 1024 * 1024) }).write("a"),
      "/slow": (res) => setTimeout(() => res.writeHead(200).end(TOKEN), 2_000),
    })
  })
  afterAll(() => site.close())

  it("reads a page of an allowed address", async () => {
    expect(await fetchSitePage(`${site.origin}/ok`, { allowPrivate: true })).toEqual({ status: 200, body: TOKEN })
    expect(await fetchSitePage(`${site.origin}/missing`, { allowPrivate: true })).toEqual({ status: 404, body: "not here" })
  })

  it("refuses http, and any host that resolves to a non-public address, before connecting", async () => {
    const port = new URL(site.origin).port
    const before = site.asked.length
    expect(await refusal(fetchSitePage(`${site.origin}/ok`))).toMatch(/only https sites can be checked/)
    expect(await refusal(fetchSitePage(`https://127.0.0.1:${port}/ok`))).toBe(
      "127.0.0.1 resolves to 127.0.0.1, which is a loopback address; only sites on the public internet can be checked."
    )
    expect(await refusal(fetchSitePage(`https://localhost:${port}/ok`))).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), which is a loopback address/)
    expect(await refusal(fetchSitePage(`https://[::ffff:127.0.0.1]:${port}/ok`))).toMatch(/which is a loopback address/)
    expect(await refusal(fetchSitePage(`https://10.1.2.3/ok`))).toMatch(/10\.1\.2\.3, which is a private address/)
    expect(await refusal(fetchSitePage(`https://169.254.169.254/latest/meta-data/`))).toMatch(/a link-local address/)
    expect(await refusal(fetchSitePage(`https://no-such-host.invalid/`))).toMatch(/could not be found/)
    expect(site.asked.length).toBe(before)
  })

  it("does not follow a redirect, and says where it pointed", async () => {
    expect(await refusal(fetchSitePage(`${site.origin}/redirect`, { allowPrivate: true }))).toBe(
      `${site.origin}/redirect answered with a redirect to http://169.254.169.254/latest/meta-data/; ` +
        `the check does not follow redirects, so serve it at ${site.origin}/redirect itself.`
    )
    expect(site.asked.filter((path) => path.startsWith("/latest"))).toEqual([])
  })

  it("stops reading past the size limit, announced or not", async () => {
    expect(await refusal(fetchSitePage(`${site.origin}/huge`, { allowPrivate: true }))).toMatch(/is larger than 64 KB/)
    expect(await refusal(fetchSitePage(`${site.origin}/huge-declared`, { allowPrivate: true }))).toMatch(/is larger than 64 KB/)
    // A page under the limit is read whole.
    expect((await fetchSitePage(`${site.origin}/huge`, { allowPrivate: true, maxBytes: 200 * 1024 })).body).toHaveLength(128 * 1024)
  })

  it("gives up on a site that does not answer in time", async () => {
    const started = Date.now()
    expect(await refusal(fetchSitePage(`${site.origin}/slow`, { allowPrivate: true, timeoutMs: 300 }))).toMatch(/did not answer within 0.3 seconds/)
    expect(Date.now() - started).toBeLessThan(1_500)
  })
})

describe("pinnedLookup", () => {
  const checked = [
    { address: "93.184.215.14", family: 4 },
    { address: "2606:2800:21f:cb07:6820:80da:af6b:8b2c", family: 6 },
  ]

  it("answers every name with the addresses that were checked, never asking DNS again", () => {
    const lookup = pinnedLookup(checked)
    const one = jest.fn()
    lookup("rebound.example", { family: 0 } as any, one)
    expect(one).toHaveBeenCalledWith(null, "93.184.215.14", 4)
    const all = jest.fn()
    lookup("rebound.example", { all: true } as any, all as any)
    expect(all).toHaveBeenCalledWith(null, checked)
    const six = jest.fn()
    lookup("rebound.example", { family: 6 } as any, six)
    expect(six).toHaveBeenCalledWith(null, checked[1].address, 6)
    const none = jest.fn()
    pinnedLookup([checked[0]])("x", { family: 6 } as any, none)
    expect(none.mock.calls[0][0]).toMatchObject({ code: "ENOTFOUND" })
  })
})

describe("verifySiteToken", () => {
  let good: Awaited<ReturnType<typeof startSite>>
  let meta: Awaited<ReturnType<typeof startSite>>
  let wrong: Awaited<ReturnType<typeof startSite>>

  beforeAll(async () => {
    good = await startSite({ "/.well-known/medusa-loyalty.txt": (res) => res.writeHead(200).end(`${TOKEN}\n`) })
    meta = await startSite({
      "/": (res) => res.writeHead(200, { "content-type": "text/html" }).end(`<html><head><meta content="${TOKEN}" name="medusa-loyalty-verification"></head></html>`),
    })
    wrong = await startSite({
      "/.well-known/medusa-loyalty.txt": (res) => res.writeHead(200).end("mlv-somebody-else"),
      "/": (res) => res.writeHead(200).end("<html><head></head></html>"),
    })
  })
  afterAll(async () => {
    await Promise.all([good.close(), meta.close(), wrong.close()])
  })

  it("finds the token in the well-known file, or else in the home page's meta tag", async () => {
    expect(await verifySiteToken(good.origin, TOKEN, { allowPrivate: true })).toBe("file")
    expect(await verifySiteToken(meta.origin, TOKEN, { allowPrivate: true })).toBe("meta")
    expect(meta.asked).toEqual(["/.well-known/medusa-loyalty.txt", "/"])
  })

  it("says what it found at each place when neither has the token", async () => {
    expect(await refusal(verifySiteToken(wrong.origin, TOKEN, { allowPrivate: true }))).toBe(
      `The file at ${wrong.origin}/.well-known/medusa-loyalty.txt did not contain the token (the token is not in it), ` +
        `and the home page ${wrong.origin}/ has no <meta name="medusa-loyalty-verification" content="${TOKEN}"> (the token is not in it).`
    )
    expect(await refusal(verifySiteToken(meta.origin, "mlv-other", { allowPrivate: true }))).toMatch(/\(it answered 404\)/)
  })

  it("refuses a private host once, without fetching either page", async () => {
    const port = new URL(good.origin).port
    const before = good.asked.length
    expect(await refusal(verifySiteToken(`https://127.0.0.1:${port}`, TOKEN))).toMatch(/a loopback address; only sites on the public internet/)
    expect(good.asked.length).toBe(before)
  })
})
