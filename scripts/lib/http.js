"use strict"

/** A tiny JSON client over fetch for the scripts that drive a running store (e2e, test:install). */

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Calls `method route` on `base` and returns the JSON answer; throws with the status and Medusa's
 * message unless it is a 2xx. A GET whose connection drops (a busy dev server) is tried 3 times.
 */
async function call(base, method, route, body, headers = {}) {
  let response
  for (let attempt = 1; ; attempt++) {
    try {
      response = await fetch(`${base}${route}`, {
        method,
        headers: { "content-type": "application/json", ...headers },
        body: body ? JSON.stringify(body) : undefined,
      })
      break
    } catch (error) {
      const reason = `${method} ${route}: ${error.message}${error.cause ? ` (${error.cause.code ?? error.cause.message})` : ""}`
      if (method !== "GET" || attempt === 3) throw new Error(reason)
      await sleep(2000)
    }
  }
  const data = await response.json().catch(() => ({}))
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${data.message ?? ""}`)
  return data
}

/**
 * Waits until `condition()` holds, checking twice a second, for work the server finishes after
 * answering (an event's subscriber). The limit only stops a hung run; a slow one just takes longer.
 */
async function until(condition, what, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs / 1000} s`)
    await sleep(500)
  }
}

function expectEqual(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
  }
}

module.exports = { call, until, expectEqual, sleep }
