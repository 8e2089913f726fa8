#!/usr/bin/env node
"use strict"

/**
 * npm run test:scale — the plugin on several Medusa instances sharing one PostgreSQL and one
 * Redis, as a store that outgrows one process runs it (README, "Running several instances"):
 *
 *   1. PostgreSQL from scripts/lib/database.js (a new database for this run, dropped after it);
 *      Redis at REDIS_URL, else a redis-server of this run's own on a free port (Debian's package
 *      is installed when the binary is missing), with an append-only file, so that it can be
 *      restarted mid-run without touching anybody else's Redis;
 *   2. medusa db:migrate, then `medusa start` of the test app (medusa-config.ts, NODE_ENV=production,
 *      the admin left out) four times: two servers (MEDUSA_WORKER_MODE=server) and two workers
 *      (worker), all on Medusa's Redis event bus, workflow engine, locking and caching;
 *   3. through both servers' HTTP APIs, each step followed by the ledger checks below:
 *      - checkout: 50 shoppers with 100 points each (eight checking out at any moment) apply 60
 *        on two or three carts at once, the carts on different servers, and complete them all at
 *        once;
 *      - cancels and returns, each sent to the server that did not place the order;
 *      - a second checkout, during which one worker is killed (SIGKILL) while it handles the
 *        orders' events, then started again;
 *      - due lots, pending lots whose time has come and abandoned holds, then the expiry,
 *        pending-release and abandoned-hold jobs started at the same moment in two more
 *        instances of the app on the same Redis (integration-tests/helpers/run-jobs-at-once.ts);
 *      - a third checkout during which Redis is restarted (only with this run's own Redis);
 *   4. the same checkout as the first against one shared-mode instance without Redis (Medusa's
 *      in-process modules), for the ratio of orders per second, two servers to one; that
 *      instance must log the plugin's single-instance warning once, the Redis ones never.
 *
 * The ledger checks (SQL and the admin's ledger check, POST /admin/loyalty/health): every account
 * equals its ledger; no account spent more than it had; every order earned once and spent its
 * points once; every cancel and return settled once; no hold is left active; each due lot
 * expired once, each pending lot released once, each abandoned hold released once.
 *
 * The last line is one JSON object with the figures; the exit code is non-zero when an account
 * is wrong, an event was lost or applied twice, or a step failed. Logs of every instance go to a
 * temp dir outside the project (printed), kept when the run fails.
 */

const fs = require("fs")
const net = require("net")
const os = require("os")
const path = require("path")
const { spawnSync } = require("child_process")
const { provideDatabase, freshDatabase, pg, PROJECT_ROOT } = require("./lib/database")
const { sleep } = require("./lib/http")
const { run, startLogged, startMedusa, waitForHealth, killGroup, stopGroup, freePort, MEDUSA_CLI } = require("./lib/processes")

// The store fixture and order actions of the HTTP tests (TypeScript), over fetch.
require("ts-node").register({ transpileOnly: true, swc: true })
const {
  createStoreFixture,
  createCart,
  payCart,
  completePaidCart,
  cancelOrder,
  returnItems,
} = require("../integration-tests/helpers/store-fixture")
const { JOBS_READY, JOBS_DONE } = require("../integration-tests/helpers/run-jobs-at-once")
const { SINGLE_INSTANCE_WARNING } = require("../src/lib/scale-out")

const SHOPPERS = Number(process.env.SCALE_SHOPPERS || 50)
const PRODUCTS = 20
// Shoppers checking out at the same moment (each with all their carts at once).
const SHOPPERS_AT_ONCE = Number(process.env.SCALE_SHOPPERS_AT_ONCE || 8)
const BALANCE = 100
const APPLIED = 60
const START_TIMEOUT_MS = 5 * 60 * 1000
// How long the workers get to settle what a step sent them before an order counts as lost.
const SETTLE_TIMEOUT_MS = Number(process.env.SCALE_SETTLE_TIMEOUT_S || 300) * 1000
const ADMIN = { email: "scale-admin@example.com", password: "scale-test-1" }
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), "medusa-loyalty-scale-"))

const log = (message) => console.log(`[scale] ${new Date().toISOString().slice(11, 19)} ${message}`)

/**
 * What the run found wrong; each kind is a count in the last line. `key` names what is wrong
 * (an account, an order), so that an account found wrong again by a later step counts once.
 */
const wrong = { accounts_wrong: 0, events_lost: 0, events_twice: 0, problems: [], counted: new Set() }
const problem = (kind, message, key = message) => {
  if (kind && !wrong.counted.has(`${kind}:${key}`)) {
    wrong.counted.add(`${kind}:${key}`)
    wrong[kind]++
  }
  wrong.problems.push(message)
  log(`✗ ${message}`)
}

async function main() {
  const started = Date.now()
  const run_ = { database: null, fresh: null, redis: null, instances: [], sql: null }
  let cleaning
  const cleanUp = () =>
    (cleaning ??= (async () => {
      await Promise.all(run_.instances.map((instance) => stopGroup(instance.child)))
      await run_.sql?.end().catch(() => {})
      await run_.redis?.stop().catch(() => {})
      await run_.fresh?.drop().catch((error) => log(`could not drop the run's database: ${error.message}`))
      await run_.database?.stop().catch((error) => log(`could not stop the database: ${error.message}`))
    })())
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      log(`${signal}: stopping`)
      cleanUp().finally(() => process.exit(130))
    })
  }

  const figures = {}
  try {
    log(`logs in ${WORK}`)
    run_.redis = await provideRedis()
    run_.database = await provideDatabase({ purpose: "test", log: (m) => log(`database: ${m}`) })
    run_.fresh = await freshDatabase(run_.database.env, { prefix: "medusa_loyalty_scale", log: (m) => log(`database: ${m}`) })
    run_.sql = new pg.Client({ connectionString: run_.fresh.url })
    await run_.sql.connect()
    const sql = async (text, values) => (await run_.sql.query(text, values)).rows

    const withRedis = { REDIS_URL: run_.redis.url }
    log("medusa db:migrate, and the store owner")
    run(process.execPath, [MEDUSA_CLI, "db:migrate"], { env: appEnv(run_.fresh.url, withRedis) })
    run(process.execPath, [MEDUSA_CLI, "user", "-e", ADMIN.email, "-p", ADMIN.password], { env: appEnv(run_.fresh.url, withRedis) })

    log("starting two servers and two workers (medusa start)")
    const [s1, s2, w1, w2] = await Promise.all(
      ["server", "server", "worker", "worker"].map((mode, i) =>
        startInstance(`${mode}-${(i % 2) + 1}`, appEnv(run_.fresh.url, { ...withRedis, MEDUSA_WORKER_MODE: mode }), run_)
      )
    )
    const servers = [s1, s2]
    log(`servers on ${s1.base} and ${s2.base}, workers on ${w1.base} and ${w2.base}`)

    const store = await setUpStore(s1)
    const shoppers = await registerShoppers(store, servers, "two")

    // 1. Checkout on both servers at once.
    log(`checkout: ${SHOPPERS} shoppers apply ${APPLIED} of their ${BALANCE} points on two or three carts at once, one server each`)
    const wave1 = await checkoutWave(store, shoppers, servers, { points: APPLIED, cartsOf: (i) => 2 + (i % 2) })
    report("checkout on two servers", wave1)
    await expectSettled(sql, store, wave1, "the first checkout")
    await expectLedger(sql, store, shoppers, "after the first checkout", { spentAtMost: BALANCE })
    Object.assign(figures, latencyFigures(wave1))

    // 2. Cancels and returns on the other server.
    log("cancels and returns, each on the server that did not place the order")
    const changes = await cancelsAndReturns(store, wave1, servers)
    await expectChangesSettled(sql, changes)
    await expectLedger(sql, store, shoppers, "after cancels and returns")

    // 3. A worker killed while it handles events.
    log("a second checkout; one worker is killed (SIGKILL) while the orders' events are handled, then restarted")
    const wave2 = await checkoutWave(store, shoppers, servers, {
      points: 20,
      cartsOf: () => 1,
      duringCompletion: async (placed) => {
        // Once orders are placed and some of their order.placed events are not handled yet.
        let unsettled = 0
        await until(
          async () => placed.length >= 3 && (unsettled = await unsettledOrders(sql, placed.map((o) => o.id))) > 0,
          "placed orders with events to handle",
          120_000
        )
        killGroup(w1.child, "SIGKILL")
        await w1.child.exited
        log(`killed ${w1.name} with ${unsettled} of ${placed.length} placed orders not yet settled`)
        await sleep(3000)
        Object.assign(w1, await startInstance(w1.name, w1.env, run_, w1))
        log(`${w1.name} is back`)
      },
    })
    report("checkout with a worker killed", wave2)
    await expectSettled(sql, store, wave2, "the checkout with a worker killed")
    await expectLedger(sql, store, shoppers, "after the worker was killed")

    // 4. The jobs at the same moment on two workers.
    log("jobs: due lots, pending lots due for release and abandoned holds, then the three jobs at once in two instances")
    const due = await makeJobsDue(sql, store, shoppers, servers, wave1)
    await runJobsAtOnce(run_.fresh.url, withRedis)
    await expectJobsDoneOnce(sql, due)
    await expectLedger(sql, store, shoppers, "after the jobs")

    // 5. Redis restarted mid-run.
    if (run_.redis.restart) {
      log("a third checkout; Redis is restarted while the carts complete")
      const before = await ledgerSnapshot(sql)
      const wave3 = await checkoutWave(store, shoppers.slice(0, 20), servers, {
        points: 5,
        cartsOf: () => 1,
        tolerateFailures: true,
        duringCompletion: async (placed) => {
          await until(() => placed.length >= 3, "three orders", 120_000)
          await run_.redis.restart()
          log("Redis restarted")
        },
      })
      report("checkout with Redis restarted", wave3)
      await recovers(store, shoppers[0], servers)
      const stuck = await completeAgain(sql, wave3)
      const placedInWave = await ordersOfCarts(sql, wave3.carts.map((c) => c.id))
      figures.redis_restart_missed = await settleMissed(sql, placedInWave, stuck, run_.fresh.url, withRedis)
      figures.redis_restart_stuck_carts = stuck.length
      await expectSettled(sql, store, { orders: placedInWave, carts: wave3.carts }, "the checkout with Redis restarted")
      await expectLedgerKept(sql, before)
      await expectLedger(sql, store, shoppers, "after Redis was restarted")
    } else {
      log("Redis restart skipped: REDIS_URL names a Redis this run did not start, so it may not restart it")
    }

    await expectWarnings(run_.instances, { expected: 0, what: "the instances on Redis" })
    await Promise.all(run_.instances.splice(0).map((instance) => stopGroup(instance.child)))

    // 6. The same checkout on one shared-mode instance without Redis.
    log("the first checkout again, on one shared-mode instance with Medusa's in-process modules")
    const single = await startInstance("single", appEnv(run_.fresh.url, { MEDUSA_WORKER_MODE: "shared" }), run_)
    store.api = apiOf(single.base)
    const singleShoppers = await registerShoppers(store, [single], "one")
    const waveSingle = await checkoutWave(store, singleShoppers, [single], { points: APPLIED, cartsOf: (i) => 2 + (i % 2) })
    report("checkout on one instance", waveSingle)
    await expectSettled(sql, store, waveSingle, "the checkout on one instance")
    await expectLedger(sql, store, singleShoppers, "after the checkout on one instance", { spentAtMost: BALANCE })
    await expectWarnings([single], { expected: 1, what: "the instance with in-process modules" })

    figures.orders_one_instance = waveSingle.orders.length
    figures.orders_per_s_one_instance = round(waveSingle.orders.length / waveSingle.seconds, 2)
    figures.scale_ratio = round(figures.orders_per_s / figures.orders_per_s_one_instance, 2)
  } catch (error) {
    problem(null, `step failed: ${error.stack ?? error}`)
  } finally {
    await cleanUp()
  }

  const seconds = Math.round((Date.now() - started) / 1000)
  if (wrong.problems.length) {
    console.error(`\n[scale] ${wrong.problems.length} problem(s):\n${wrong.problems.map((p) => `  - ${p}`).join("\n")}`)
    console.error(`[scale] the instances' logs are in ${WORK}`)
  } else {
    fs.rmSync(WORK, { recursive: true, force: true })
  }
  console.log(
    JSON.stringify({
      orders: figures.orders ?? 0,
      orders_per_s: figures.orders_per_s ?? 0,
      checkout_p50_ms: figures.checkout_p50_ms ?? 0,
      checkout_p95_ms: figures.checkout_p95_ms ?? 0,
      with_points_p95_ratio: figures.with_points_p95_ratio ?? 0,
      accounts_wrong: wrong.accounts_wrong,
      events_lost: wrong.events_lost,
      events_twice: wrong.events_twice,
      orders_per_s_one_instance: figures.orders_per_s_one_instance ?? 0,
      scale_ratio: figures.scale_ratio ?? 0,
      redis_restart_missed: figures.redis_restart_missed ?? 0,
      redis_restart_stuck_carts: figures.redis_restart_stuck_carts ?? 0,
      seconds,
    })
  )
  process.exitCode = wrong.problems.length ? 1 : 0
}

// ---------------------------------------------------------------------------------------------
// Redis

/** REDIS_URL as given, else a redis-server of this run's own (restartable) on a free port. */
async function provideRedis() {
  if (process.env.REDIS_URL) {
    log(`Redis: using REDIS_URL (${process.env.REDIS_URL.replace(/\/\/[^@]*@/, "//***@")})`)
    return { url: process.env.REDIS_URL, restart: null, stop: async () => {} }
  }
  ensureRedisServer()
  const port = await freePort()
  const dir = path.join(WORK, "redis")
  fs.mkdirSync(dir, { recursive: true })
  // The append-only file keeps the queues (events, workflow jobs) over a restart, as a store's
  // Redis does; nothing is saved as RDB snapshots.
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--save", "", "--protected-mode", "no"]
  const start = async () => {
    const child = startLogged("redis-server", args, { logFile: path.join(WORK, "redis.log") })
    const deadline = Date.now() + 30_000
    while (!(await redisAnswers(port))) {
      if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}); see ${child.logFile}`)
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port}; see ${child.logFile}`)
      await sleep(100)
    }
    return child
  }
  let child = await start()
  log(`Redis: redis-server of this run on port ${port}`)
  return {
    url: `redis://127.0.0.1:${port}`,
    restart: async () => {
      await stopGroup(child, 10_000) // SIGTERM: Redis writes the append-only file and exits
      child = await start()
    },
    stop: () => stopGroup(child, 10_000),
  }
}

function ensureRedisServer() {
  if (spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0) return
  log("installing Debian's redis-server (apt-get install redis-server)")
  const install = () => spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "redis-server"], { stdio: "inherit" })
  if (install().status !== 0) {
    spawnSync("apt-get", ["update"], { stdio: "inherit" })
    if (install().status !== 0) throw new Error("could not install redis-server; set REDIS_URL to a Redis server")
  }
}

function redisAnswers(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1")
    const done = (answer) => {
      socket.destroy()
      resolve(answer)
    }
    socket.setTimeout(1000, () => done(false))
    socket.once("error", () => done(false))
    socket.once("connect", () => socket.write("PING\r\n"))
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")))
  })
}

// ---------------------------------------------------------------------------------------------
// Medusa instances

/** The test app's environment for `databaseUrl` with `extra` (REDIS_URL, MEDUSA_WORKER_MODE). */
function appEnv(databaseUrl, extra) {
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NODE_ENV: "production",
    MEDUSA_DISABLE_TELEMETRY: "true",
    DISABLE_MEDUSA_ADMIN: "true",
    JWT_SECRET: "scale-test-jwt",
    COOKIE_SECRET: "scale-test-cookie",
    ...extra,
  }
  for (const name of ["DB_HOST", "DB_PORT", "DB_USERNAME", "DB_PASSWORD", "DB_TEMP_NAME"]) delete env[name]
  if (!extra.REDIS_URL) delete env.REDIS_URL
  return env
}

/** `medusa start` on a free port; resolves once /health answers. `same` restarts an instance on its port. */
async function startInstance(name, env, run_, same) {
  const port = same?.port ?? (await freePort())
  const logFile = path.join(WORK, `${name}.log`)
  const child = startMedusa(["start"], { env: { ...env, PORT: String(port) }, logFile })
  const instance = { name, port, base: `http://localhost:${port}`, env, child, logFile }
  if (same) run_.instances.splice(run_.instances.indexOf(same), 1, instance)
  else run_.instances.push(instance)
  await waitForHealth(child, instance.base, START_TIMEOUT_MS)
  return instance
}

/** Fails the run unless each instance's log holds the single-instance warning `expected` times. */
async function expectWarnings(instances, { expected, what }) {
  for (const instance of instances) {
    const count = fs.readFileSync(instance.logFile, "utf8").split(SINGLE_INSTANCE_WARNING).length - 1
    if (count !== expected) problem(null, `${what}: ${instance.name} logged the single-instance warning ${count} time(s), not ${expected}`)
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP

/** Requests answered 5xx, by any instance: a failure unless a step tolerates them (Redis down). */
const serverErrors = []
let tolerating = false

/** An axios-shaped client over fetch for `base` (the store fixture's `api`). */
function apiOf(base) {
  const send = async (method, url, body, config = {}) => {
    const response = await fetch(`${base}${url}`, {
      method,
      headers: { "content-type": "application/json", ...(config.headers ?? {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(180_000),
    })
    const data = await response.json().catch(() => ({}))
    if (!response.ok) {
      if (response.status >= 500 && !tolerating) serverErrors.push(`${method} ${url}: ${response.status} ${data.message ?? ""}`)
      const error = new Error(`${method} ${url}: ${response.status} ${data.message ?? ""}`)
      error.response = { status: response.status, data }
      throw error
    }
    return { data }
  }
  return {
    base,
    get: (url, config) => send("GET", url, undefined, config),
    post: (url, body, config) => send("POST", url, body ?? {}, config),
    delete: (url, config) => send("DELETE", url, undefined, config),
  }
}

async function setUpStore(server) {
  const api = apiOf(server.base)
  const { data } = await api.post("/auth/user/emailpass", ADMIN)
  const admin = { headers: { authorization: `Bearer ${data.token}` } }
  const fixture = await createStoreFixture(null, api, admin)
  await addProducts(api, admin, fixture)
  await api.post(
    "/admin/loyalty/program",
    { enabled: true, earn_percent: 5, point_values: { eur: 0.1, usd: 0.1 }, max_redeem_percent: 50, min_redeem_points: 1 },
    admin
  )
  return { fixture, admin, api }
}

/**
 * PRODUCTS more products beside the fixture's two, each in stock at the fixture's warehouse: a
 * store sells many, and 125 carts of the same two products would all queue on Medusa's lock of
 * those two inventory items (5 s, then 409) rather than on anything of the plugin's.
 */
async function addProducts(api, admin, fixture) {
  const { data: profiles } = await api.get("/admin/shipping-profiles?name=Loyalty%20test%20goods", admin)
  await pool([...Array(PRODUCTS).keys()], 4, async (n) => {
    const { data } = await api.post(
      "/admin/products?fields=id,variants.id,variants.inventory_items.inventory_item_id",
      {
        title: `Scale item ${n}`,
        handle: `scale-item-${n}`,
        status: "published",
        shipping_profile_id: profiles.shipping_profiles[0].id,
        sales_channels: [{ id: fixture.salesChannelId }],
        options: [{ title: "Size", values: ["One size"] }],
        variants: [
          {
            title: "One size",
            sku: `SCALE-${n}`,
            manage_inventory: true,
            options: { Size: "One size" },
            prices: [{ currency_code: "eur", amount: 30 + n }],
          },
        ],
      },
      admin
    )
    const [variant] = data.product.variants
    await api.post(
      `/admin/inventory-items/${variant.inventory_items[0].inventory_item_id}/location-levels`,
      { location_id: fixture.stockLocationId, stocked_quantity: 10000 },
      admin
    )
    fixture.products[`item${n}`] = { variantId: variant.id }
  })
}

/** Two of the products for a shopper's k-th cart. */
const itemsOf = (shopper, k) => [
  { variant: `item${(shopper.index + k) % PRODUCTS}`, quantity: 1 },
  { variant: `item${(shopper.index + k + 7) % PRODUCTS}`, quantity: 1 },
]

/** SHOPPERS new shoppers (registered through `servers` in turn), each credited BALANCE points. */
async function registerShoppers(store, servers, tag) {
  const indexes = [...Array(SHOPPERS).keys()]
  return pool(indexes, 8, async (i) => {
    const api = apiOf(servers[i % servers.length].base)
    const email = `scale-${tag}-${i}-${Date.now()}@example.com`
    const password = "scale-shopper"
    const agent = { "x-publishable-api-key": store.fixture.publishableKey, "user-agent": `scale-test (${email})` }
    const { data: registered } = await api.post("/auth/customer/emailpass/register", { email, password })
    const { data: created } = await api.post("/store/customers", { email, first_name: "Sam" }, { headers: { ...agent, authorization: `Bearer ${registered.token}` } })
    const { data: login } = await api.post("/auth/customer/emailpass", { email, password })
    await api.post(
      `/admin/customers/${created.customer.id}/loyalty/adjustments`,
      { points: BALANCE, reason: "Scale test balance", idempotency_key: `scale:${created.customer.id}` },
      store.admin
    )
    return { index: i, customerId: created.customer.id, headers: { headers: { ...agent, authorization: `Bearer ${login.token}` } } }
  })
}

/**
 * Each shopper's checkout, SHOPPERS_AT_ONCE shoppers at a time (a store's steady traffic, not
 * every request of the run in one burst): the shopper's carts (cart k on server k), paid one
 * after another (Medusa races on one customer's first payment sessions), then `points` applied
 * on all of them at once, paid again, then all of them completed at once. `duringCompletion(placed)`
 * runs beside the whole wave, `placed` filling as completions answer.
 */
async function checkoutWave(store, shoppers, servers, { points, cartsOf, duringCompletion, tolerateFailures = false }) {
  const began = Date.now()
  tolerating = tolerateFailures
  const placed = []
  const failures = []
  const carts = []
  const checkout = async (shopper) => {
    const mine = []
    for (let k = 0; k < cartsOf(shopper.index); k++) {
      const server = servers[(shopper.index + k) % servers.length]
      const api = apiOf(server.base)
      const cart = await createCart(api, store.fixture, shopper.headers, { currency: "eur", items: itemsOf(shopper, k) })
      await payCart(api, shopper.headers, cart.id)
      mine.push({ id: cart.id, shopper, server, api, points: 0 })
    }
    carts.push(...mine)
    // Every cart of the shopper asks for the points at once: the balance covers one of them.
    await Promise.all(
      mine.map(async (cart) => {
        try {
          await cart.api.post(`/store/carts/${cart.id}/loyalty-points`, { points }, shopper.headers)
          cart.points = points
        } catch (error) {
          if (!error.response || error.response.status >= 500) throw error
        }
      })
    )
    // A cart with points has a new total: its payment session is made again.
    for (const cart of mine.filter((c) => c.points)) await payCart(cart.api, shopper.headers, cart.id)
    await Promise.all(
      mine.map(async (cart) => {
        const t0 = Date.now()
        try {
          const order = await completeRetrying(cart)
          cart.ms = Date.now() - t0
          cart.orderId = order.id
          placed.push({ id: order.id, cart })
        } catch (error) {
          failures.push(`${cart.id}: ${error.message}`)
        }
      })
    )
  }
  await Promise.all([
    pool(shoppers, SHOPPERS_AT_ONCE, (shopper) =>
      checkout(shopper).catch((error) => {
        if (!tolerateFailures) throw error
        failures.push(`${shopper.customerId}: ${error.message}`)
      })
    ),
    duringCompletion?.(placed),
  ])
  tolerating = false
  const seconds = (Date.now() - began) / 1000
  if (failures.length && !tolerateFailures) {
    throw new Error(`${failures.length} cart(s) did not complete:\n${failures.slice(0, 5).join("\n")}`)
  }
  if (serverErrors.length) {
    problem(null, `${serverErrors.length} request(s) answered 5xx: ${serverErrors.splice(0).slice(0, 3).join("; ")}`)
  }
  return { carts, orders: placed, failures, seconds }
}

/**
 * Completes a paid cart; a 409 (a lock Medusa's completion waits for, such as an inventory item
 * another cart reserves, timed out) is retried as a storefront does, up to seven times.
 */
async function completeRetrying(cart) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await completePaidCart(cart.api, cart.shopper.headers, cart.id)
    } catch (error) {
      if (error.response?.status !== 409 || attempt === 8) throw error
      cart.conflicts = (cart.conflicts ?? 0) + 1
      await sleep(250 * attempt)
    }
  }
}

function report(what, wave) {
  const withPoints = wave.carts.filter((c) => c.points).length
  const conflicts = wave.carts.reduce((sum, c) => sum + (c.conflicts ?? 0), 0)
  log(
    `${what}: ${wave.orders.length} orders from ${wave.carts.length} carts (${withPoints} with points) in ${wave.seconds.toFixed(1)} s` +
      (conflicts ? `, ${conflicts} completion(s) answered 409 and were retried` : "") +
      (wave.failures.length ? `, ${wave.failures.length} not completed` : "")
  )
}

function latencyFigures(wave) {
  const all = wave.carts.filter((c) => c.ms !== undefined)
  const withPoints = all.filter((c) => c.points).map((c) => c.ms)
  const without = all.filter((c) => !c.points).map((c) => c.ms)
  return {
    orders: wave.orders.length,
    orders_per_s: round(wave.orders.length / wave.seconds, 2),
    checkout_p50_ms: percentile(all.map((c) => c.ms), 50),
    checkout_p95_ms: percentile(all.map((c) => c.ms), 95),
    with_points_p95_ratio: round(percentile(withPoints, 95) / percentile(without, 95), 2),
  }
}

/** Cancels the first order of every other shopper and returns one item of the others' first, on the other server. */
async function cancelsAndReturns(store, wave, servers) {
  const firstOf = new Map()
  for (const order of wave.orders) if (!firstOf.has(order.cart.shopper.customerId)) firstOf.set(order.cart.shopper.customerId, order)
  const changes = [...firstOf.values()].map((order, i) => ({ order, kind: i % 2 ? "return" : "cancel" }))
  await pool(changes, 6, async (change) => {
    const other = servers.find((s) => s !== change.order.cart.server)
    const api = apiOf(other.base)
    if (change.kind === "cancel") {
      await cancelOrder(api, store.admin, change.order.id)
    } else {
      const { data } = await api.get(`/admin/orders/${change.order.id}?fields=id,items.id`, store.admin)
      await returnItems(api, store.admin, change.order.id, [{ item_id: data.order.items[0].id, quantity: 1 }])
    }
  })
  log(`${changes.filter((c) => c.kind === "cancel").length} cancels and ${changes.filter((c) => c.kind === "return").length} returns sent`)
  return changes
}

/** Whether a checkout works again (after Redis came back), within two minutes. */
async function recovers(store, shopper, servers) {
  const deadline = Date.now() + 120_000
  for (const server of servers) {
    for (;;) {
      try {
        const api = apiOf(server.base)
        tolerating = true
        const cart = await createCart(api, store.fixture, shopper.headers, { currency: "eur", items: itemsOf(shopper, 0) })
        await payCart(api, shopper.headers, cart.id)
        await completePaidCart(api, shopper.headers, cart.id)
        break
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`${server.name} did not recover after Redis came back: ${error.message}`)
        await sleep(2000)
      } finally {
        tolerating = false
      }
    }
  }
  log("both servers take orders again")
}

/**
 * After the Redis restart, what the plugin's abandoned-hold job has to settle:
 * - orders placed as Redis went down can lose their order.placed: Medusa's Redis event bus
 *   stages a workflow's events in Redis and releases them when it ends, and a release that meets
 *   Redis loading its data ("LOADING") is logged and dropped;
 * - carts whose completion failed halfway and that Medusa will not complete again (`stuck`).
 * The job settles both once their hold is past reservation_ttl_hours (every 15 minutes: the
 * order pays and earns once, the open cart's points go back): here those holds are moved past it
 * and the jobs run, at once in two instances. Returns how many orders needed that.
 */
async function settleMissed(sql, orders, stuck, databaseUrl, withRedis) {
  const rows = await settlementOf(sql, orders.map((o) => o.id), 60_000)
  const missed = rows.filter((row) => !isSettled(row)).map((row) => row.id)
  if (!missed.length && !stuck.length) return 0
  log(
    `${missed.length} order(s) placed as Redis restarted lost their order.placed, ${stuck.length} cart(s) cannot complete; ` +
      "their holds are moved past reservation_ttl_hours and the abandoned-hold job runs"
  )
  await sql(
    `UPDATE loyalty_reservation r SET expires_at = now() - interval '1 minute'
      WHERE r.status = 'active' AND (r.cart_id = ANY($2) OR r.cart_id IN (SELECT cart_id FROM order_cart WHERE order_id = ANY($1)))`,
    [missed, stuck.map((cart) => cart.id)]
  )
  await runJobsAtOnce(databaseUrl, withRedis)
  return missed.length
}

/**
 * As a storefront does after an error: completes again each cart of `wave` that has no order.
 * Returns the carts Medusa will not complete: a completion that failed halfway can leave its
 * order_cart link behind without the order, and completeCartWorkflow then takes the cart as
 * completed (it answers with the deleted order). That is Medusa's; what the plugin owes those
 * carts is their held points back.
 */
async function completeAgain(sql, wave) {
  const withOrder = new Set((await ordersOfCarts(sql, wave.carts.map((c) => c.id))).map((o) => o.cart.id))
  const left = wave.carts.filter((cart) => !withOrder.has(cart.id))
  for (const cart of left) {
    try {
      await completeRetrying(cart)
    } catch {
      // The failed attempt may have left the payment session spent: pay again, then complete.
      try {
        await payCart(cart.api, cart.shopper.headers, cart.id)
        await completeRetrying(cart)
      } catch (error) {
        log(`cart ${cart.id} does not complete after the restart: ${error.message}`)
      }
    }
  }
  const completed = new Set((await ordersOfCarts(sql, left.map((c) => c.id))).map((o) => o.cart.id))
  if (left.length) log(`${left.length} cart(s) had no order after the restart: ${completed.size} completed on a second try`)
  return left.filter((cart) => !completed.has(cart.id))
}

// ---------------------------------------------------------------------------------------------
// The checks

/** Orders among `orderIds` without their earn row yet (order.placed not handled). */
async function unsettledOrders(sql, orderIds) {
  const [{ count }] = await sql(
    `SELECT count(*)::int AS count FROM unnest($1::text[]) AS o(id)
      WHERE NOT EXISTS (SELECT 1 FROM loyalty_transaction t WHERE t.order_id = o.id AND t.type = 'earn')`,
    [orderIds]
  )
  return count
}

/**
 * The orders `cartIds` became. The order itself, not only its link: a completion that failed
 * halfway (Redis went away) is compensated, its order deleted, but can leave the order_cart row.
 */
async function ordersOfCarts(sql, cartIds) {
  const rows = await sql(
    `SELECT oc.order_id AS id, oc.cart_id FROM order_cart oc JOIN "order" o ON o.id = oc.order_id AND o.deleted_at IS NULL
      WHERE oc.cart_id = ANY($1) AND oc.deleted_at IS NULL`,
    [cartIds]
  )
  const byCart = new Map(rows.map((r) => [r.cart_id, r.id]))
  return cartIds.filter((id) => byCart.has(id)).map((id) => ({ id: byCart.get(id), cart: { id } }))
}

/**
 * Every order of the wave earned once and, if its cart had points, spent them once; waits for
 * the workers to get there. An order still missing its rows at the deadline is an event lost.
 */
async function expectSettled(sql, store, wave, what) {
  const rows = await settlementOf(sql, wave.orders.map((o) => o.id), SETTLE_TIMEOUT_MS)
  const lost = rows.filter((row) => !isSettled(row))
  const twice = rows.filter((row) => row.earn > 1 || row.redeem > 1 || row.redeem > row.holds)
  for (const row of lost) problem("events_lost", `${what}: order ${row.id} was not settled (earn rows ${row.earn}, redeem rows ${row.redeem}, holds ${row.holds})`)
  for (const row of twice) problem("events_twice", `${what}: order ${row.id} has ${row.earn} earn and ${row.redeem} redeem rows for ${row.holds} hold(s)`)
  if (!lost.length && !twice.length) log(`✓ ${what}: every order earned once and spent its points once`)
}

/** An order's earn and redeem rows, and its cart's holds not released: settled once it earned and paid them. */
const isSettled = (row) => row.earn >= 1 && row.redeem >= row.holds

/** The settlement rows of each of `ids` once all are settled, or as they are after `timeoutMs`. */
async function settlementOf(sql, ids, timeoutMs) {
  const counts = async () =>
    sql(
      `SELECT o.id,
              count(*) FILTER (WHERE t.type = 'earn')::int AS earn,
              count(*) FILTER (WHERE t.type = 'redeem')::int AS redeem,
              (SELECT count(*)::int FROM loyalty_reservation r JOIN order_cart oc ON oc.cart_id = r.cart_id
                WHERE oc.order_id = o.id AND r.status <> 'released') AS holds
         FROM unnest($1::text[]) AS o(id) LEFT JOIN loyalty_transaction t ON t.order_id = o.id
        GROUP BY o.id`,
      [ids]
    )
  const deadline = Date.now() + timeoutMs
  let rows = await counts()
  while (rows.some((row) => !isSettled(row)) && Date.now() < deadline) {
    await sleep(1000)
    rows = await counts()
  }
  return rows
}

/**
 * A cancelled order gave back everything it earned and spent, in one reversal and at most one
 * restore; a returned order gave back the returned item's share once.
 */
async function expectChangesSettled(sql, changes) {
  const rowsOf = async () =>
    sql(
      `SELECT o.id,
              coalesce(sum(t.points) FILTER (WHERE t.type = 'earn'), 0)::int AS earned,
              coalesce(-sum(t.points) FILTER (WHERE t.type = 'redeem'), 0)::int AS spent,
              coalesce(-sum(t.points) FILTER (WHERE t.type = 'reversal'), 0)::int AS reversed,
              coalesce(sum(t.points) FILTER (WHERE t.type = 'restore'), 0)::int AS restored,
              count(*) FILTER (WHERE t.type = 'reversal')::int AS reversals,
              count(*) FILTER (WHERE t.type = 'restore')::int AS restores
         FROM unnest($1::text[]) AS o(id) LEFT JOIN loyalty_transaction t ON t.order_id = o.id
        GROUP BY o.id`,
      [changes.map((c) => c.order.id)]
    )
  const kindOf = new Map(changes.map((c) => [c.order.id, c.kind]))
  const done = (row) =>
    kindOf.get(row.id) === "cancel" ? row.reversed === row.earned && row.restored === row.spent : row.reversals >= 1
  const deadline = Date.now() + SETTLE_TIMEOUT_MS
  let rows = await rowsOf()
  while (rows.some((row) => !done(row)) && Date.now() < deadline) {
    await sleep(1000)
    rows = await rowsOf()
  }
  let bad = 0
  for (const row of rows) {
    const kind = kindOf.get(row.id)
    if (!done(row)) {
      bad++
      problem("events_lost", `the ${kind} of order ${row.id} was not settled: ${JSON.stringify(row)}`)
    } else if (row.reversals > 1 || row.restores > 1 || row.reversed > row.earned || row.restored > row.spent) {
      bad++
      problem("events_twice", `the ${kind} of order ${row.id} was settled more than once: ${JSON.stringify(row)}`)
    } else if (kind === "return" && !(row.reversed > 0 && row.reversed < row.earned)) {
      bad++
      problem("accounts_wrong", `the return of order ${row.id} took back ${row.reversed} of ${row.earned} points for one of its two items`)
    }
  }
  if (!bad) log(`✓ every cancel and return settled once, by the workers`)
}

/**
 * Every account's figures equal its ledger (the module's check through the admin API, and the
 * account rows against SQL sums), no hold is left active, no shopper spent more than
 * `spentAtMost` in the first checkout.
 */
async function expectLedger(sql, store, shoppers, what, { spentAtMost } = {}) {
  const before = wrong.problems.length
  const ids = shoppers.map((s) => s.customerId)
  const accounts = await sql(
    `SELECT a.customer_id, a.balance, a.pending, a.reserved,
            (SELECT count(*)::int FROM loyalty_reservation r WHERE r.account_id = a.id AND r.status = 'active') AS active_holds,
            (SELECT coalesce(-sum(points), 0)::int FROM loyalty_transaction t WHERE t.account_id = a.id AND t.type = 'redeem') AS spent
       FROM loyalty_account a WHERE a.customer_id = ANY($1)`,
    [ids]
  )
  if (accounts.length !== ids.length) problem("accounts_wrong", `${what}: ${ids.length - accounts.length} shopper(s) have no account`)
  for (const account of accounts) {
    if (account.active_holds || account.reserved) {
      problem("accounts_wrong", `${what}: customer ${account.customer_id} still holds ${account.reserved} point(s) in ${account.active_holds} active hold(s)`, account.customer_id)
    }
    if (spentAtMost !== undefined && account.spent > spentAtMost) {
      problem("accounts_wrong", `${what}: customer ${account.customer_id} spent ${account.spent} of the ${spentAtMost} points they had`, account.customer_id)
    }
  }
  const check = await ledgerCheck(store)
  for (const account of check.drifted) {
    problem("accounts_wrong", `${what}: the ledger check finds customer ${account.customer_id}'s account off its ledger: ${JSON.stringify(account)}`, account.customer_id)
  }
  for (let i = check.drifted.length; i < check.accounts_drifted; i++) {
    problem("accounts_wrong", `${what}: the ledger check finds another account off its ledger (not listed)`)
  }
  if (wrong.problems.length === before) log(`✓ ${what}: every account equals its ledger, no hold is left`)
}

/** POST /admin/loyalty/health on a server: a finished check of every account (waits out one running). */
async function ledgerCheck(store) {
  for (;;) {
    const { data } = await store.api.post("/admin/loyalty/health", {}, store.admin)
    if (data.check?.status === "completed" && data.started) return data.check
    if (data.check?.status !== "running") throw new Error(`the ledger check failed: ${JSON.stringify(data.check)}`)
    await sleep(1000)
  }
}

/**
 * The state the jobs act on: lots made due to expire (a credit per shopper of a third, its
 * expires_at moved into the past), pending earn lots of the first checkout whose time has come,
 * and abandoned holds (carts with points, never completed, past their expiry).
 */
async function makeJobsDue(sql, store, shoppers, servers, wave1) {
  const expiring = shoppers.filter((s) => s.index % 3 === 0)
  const lots = await pool(expiring, 6, async (shopper) => {
    const api = apiOf(servers[shopper.index % servers.length].base)
    const { data } = await api.post(
      `/admin/customers/${shopper.customerId}/loyalty/adjustments`,
      { points: 7, reason: "Scale test: to expire", expires_in_days: 30, idempotency_key: `scale:expiring:${shopper.customerId}` },
      store.admin
    )
    return data.transaction.id
  })
  await sql(`UPDATE loyalty_transaction SET expires_at = now() - interval '1 minute' WHERE id = ANY($1)`, [lots])

  const kept = wave1.orders.map((o) => o.id)
  const pending = (
    await sql(
      `UPDATE loyalty_transaction SET available_at = now() - interval '1 minute'
        WHERE type = 'earn' AND status = 'pending' AND order_id = ANY($1) RETURNING id, points, account_id`,
      [kept]
    )
  ).map((row) => row.id)

  const holding = shoppers.filter((s) => s.index % 3 === 1)
  const holds = await pool(holding, 6, async (shopper) => {
    const api = apiOf(servers[shopper.index % servers.length].base)
    const cart = await createCart(api, store.fixture, shopper.headers, { currency: "eur", items: itemsOf(shopper, 0) })
    await api.post(`/store/carts/${cart.id}/loyalty-points`, { points: 3 }, shopper.headers)
    return cart.id
  })
  await sql(`UPDATE loyalty_reservation SET expires_at = now() - interval '1 minute' WHERE cart_id = ANY($1) AND status = 'active'`, [holds])
  log(`${lots.length} lots due to expire, ${pending.length} pending lots due, ${holds.length} abandoned holds`)
  return { lots, pending, holds }
}

/**
 * The three jobs in two more instances of the app on the same Redis and database, started at the
 * same moment (run-jobs-at-once.ts). They boot as servers do (MEDUSA_WORKER_MODE=server), so that
 * they take no events off the queue: each runs its jobs, as Medusa's scheduler calls them, and exits.
 */
let jobRuns = 0
async function runJobsAtOnce(databaseUrl, withRedis) {
  const go = path.join(WORK, "jobs-go")
  fs.rmSync(go, { force: true })
  const env = { ...appEnv(databaseUrl, { ...withRedis, MEDUSA_WORKER_MODE: "server" }), LOYALTY_JOBS_GO: go }
  jobRuns++
  const runs = [1, 2].map((i) => {
    const logFile = path.join(WORK, `jobs-${jobRuns}-${i}.log`)
    return { logFile, child: startMedusa(["exec", "./integration-tests/helpers/run-jobs-at-once.ts"], { env, logFile }) }
  })
  const printed = (r, line) => fs.existsSync(r.logFile) && fs.readFileSync(r.logFile, "utf8").includes(line)
  try {
    await until(() => runs.every((r) => printed(r, JOBS_READY)), "both job runners to boot", START_TIMEOUT_MS, () =>
      runs.some((r) => r.child.exitCode !== null)
    )
    fs.writeFileSync(go, "")
    const exits = await Promise.all(runs.map((r) => r.child.exited))
    runs.forEach((r, i) => {
      if (exits[i].code !== 0 || !printed(r, JOBS_DONE)) throw new Error(`job runner ${i + 1} failed (${JSON.stringify(exits[i])}); see ${r.logFile}`)
    })
  } finally {
    await Promise.all(runs.map((r) => stopGroup(r.child)))
  }
  log("the jobs ran at once in two instances")
}

async function expectJobsDoneOnce(sql, due) {
  const before = wrong.problems.length
  const expired = await sql(
    `SELECT l.id, l.points, l.remaining,
            (SELECT count(*)::int FROM loyalty_transaction e WHERE e.type = 'expire' AND e.reference = l.id) AS expiries,
            (SELECT coalesce(-sum(e.points), 0)::int FROM loyalty_transaction e WHERE e.type = 'expire' AND e.reference = l.id) AS expired
       FROM loyalty_transaction l WHERE l.id = ANY($1)`,
    [due.lots]
  )
  for (const lot of expired) {
    if (lot.expiries === 0) problem("events_lost", `the due lot ${lot.id} did not expire`)
    else if (lot.expiries > 1 || lot.expired !== lot.points || lot.remaining !== 0) {
      problem("events_twice", `the due lot ${lot.id} of ${lot.points} expired ${lot.expiries} time(s), ${lot.expired} point(s), ${lot.remaining} left`)
    }
  }
  const pending = await sql(`SELECT id, status FROM loyalty_transaction WHERE id = ANY($1)`, [due.pending])
  for (const lot of pending.filter((l) => l.status !== "available")) problem("events_lost", `the pending lot ${lot.id} is still ${lot.status}`)
  const holds = await sql(`SELECT cart_id, status FROM loyalty_reservation WHERE cart_id = ANY($1)`, [due.holds])
  const byCart = groupBy(holds, (h) => h.cart_id)
  for (const cartId of due.holds) {
    const rows = byCart.get(cartId) ?? []
    if (rows.some((h) => h.status === "active")) problem("events_lost", `the abandoned hold of cart ${cartId} was not released`)
    if (rows.length !== 1) problem("events_twice", `cart ${cartId} has ${rows.length} holds`)
  }
  if (wrong.problems.length === before) {
    log(`✓ each due lot expired once (${expired.length}), each pending lot was released (${pending.length}), each abandoned hold released once (${holds.length})`)
  }
}

/** The ledger's rows, to tell after a Redis restart that none was lost or doubled. */
async function ledgerSnapshot(sql) {
  return (await sql(`SELECT id, points FROM loyalty_transaction`)).map((row) => `${row.id}:${row.points}`)
}

async function expectLedgerKept(sql, before) {
  const now = new Set(await ledgerSnapshot(sql))
  const gone = before.filter((row) => !now.has(row))
  if (gone.length) problem("accounts_wrong", `${gone.length} of the ${before.length} ledger rows written before Redis was restarted are gone or changed: ${gone.slice(0, 3).join(", ")}`)
  const [dupes] = await sql(
    `SELECT count(*)::int AS count FROM (SELECT order_id, type FROM loyalty_transaction
       WHERE order_id IS NOT NULL AND type IN ('earn', 'redeem') GROUP BY order_id, type HAVING count(*) > 1) d`
  )
  if (dupes.count) problem("events_twice", `${dupes.count} order(s) earned or spent twice`)
  if (!gone.length && !dupes.count) log("✓ no ledger row lost or doubled over the Redis restart")
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Maps `items` through `fn`, at most `size` at a time, in order. */
async function pool(items, size, fn) {
  const results = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const i = next++
        results[i] = await fn(items[i], i)
      }
    })
  )
  return results
}

function groupBy(items, keyOf) {
  const groups = new Map()
  for (const item of items) {
    const key = keyOf(item)
    if (!groups.has(key)) groups.set(key, [])
    groups.get(key).push(item)
  }
  return groups
}

async function until(condition, what, timeoutMs, givenUp = () => false) {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (givenUp() || Date.now() > deadline) throw new Error(`gave up waiting for ${what}`)
    await sleep(200)
  }
}

function percentile(values, p) {
  if (!values.length) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

const round = (value, digits) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : 0)

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
