#!/usr/bin/env node
"use strict"

/**
 * npm run test:install — the packed plugin in a stock Medusa store, as a store owner installs it:
 *
 *   1. build and `npm pack` the plugin, and check what the tarball ships;
 *   2. for the newest published @medusajs/* 2.x and the oldest the peer range accepts
 *      (INSTALL_MEDUSA_VERSIONS="2.21.2 2.21.1" picks others): write a stock Medusa app in a
 *      temporary folder, `npm install` it and the tarball, add the plugin to `plugins` exactly as
 *      the README's "Install into an existing store" shows, `medusa db:migrate`, `medusa build`,
 *      `medusa start` from the build;
 *   3. through HTTP: set up a region, shipping and a product as a merchant does, register a
 *      shopper, credit points, create the payment session, apply points, pay again for the new
 *      total, complete, and check the order's points, the account and the amount authorized.
 *
 * A failure names its step. The database comes from scripts/lib/database.js (DATABASE_URL or
 * DB_HOST, else an embedded PostgreSQL); each pass gets a new database, dropped afterwards.
 */

const fs = require("fs")
const os = require("os")
const path = require("path")
const { spawn } = require("child_process")
const { freshDatabase, provideDatabase, PROJECT_ROOT } = require("./lib/database")
const http = require("./lib/http")
const { run, stopGroup, freePort, tail } = require("./lib/processes")
const { until, expectEqual } = http

const PLUGIN = require(path.join(PROJECT_ROOT, "package.json"))
const START_TIMEOUT_MS = 5 * 60 * 1000
const ADMIN = { email: "owner@example.com", password: "install-test-1" }
const SHOPPER = { email: "shopper@example.com", password: "install-test-2" }
const POINTS = 2000
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), "medusa-loyalty-install-"))

const log = (message) => console.log(`[install] ${message}`)

async function step(name, fn) {
  log(name)
  try {
    return await fn()
  } catch (error) {
    error.message = `step "${name}" failed: ${error.message}`
    throw error
  }
}

async function main() {
  const work = WORK
  let database
  let app
  const cleanUp = async () => {
    if (app) await stopGroup(app)
    await database?.stop().catch((error) => log(`could not stop the database: ${error.message}`))
  }
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => cleanUp().finally(() => process.exit(signal === "SIGINT" ? 130 : 143)))
  }
  try {
    const tarball = await step("packs the plugin (npm run build, npm pack)", () => pack(work))
    const versions = await step("finds the Medusa versions to install on", medusaVersions)
    log(`Medusa versions: ${versions.join(", ")}`)
    database = await provideDatabase({ purpose: "test", log: (m) => log(`database: ${m}`) })
    for (const version of versions) {
      const dir = path.join(work, `store-${version}`)
      const db = await freshDatabase(database.env, { prefix: "medusa_loyalty_install", log: (m) => log(`database: ${m}`) })
      try {
        app = await installStore(dir, version, tarball, db.url)
        await step(`${version}: a shopper pays part of an order with points`, () => checkout(app.base))
        log(`${version}: passed`)
      } finally {
        if (app) await stopGroup(app)
        app = undefined
        await db.drop().catch((error) => log(`could not drop the database: ${error.message}`))
      }
    }
    fs.rmSync(work, { recursive: true, force: true })
    log(`passed on Medusa ${versions.join(" and ")}`)
  } finally {
    await cleanUp()
  }
}

// ---------------------------------------------------------------------------------------------
// The package

/** What a store must get and what it must not: the build, the readme and licence, no tests. */
const MUST_SHIP = [
  "package.json",
  "README.md",
  "LICENSE",
  ".medusa/server/src/modules/loyalty/index.js",
  ".medusa/server/src/admin/index.mjs",
  ".medusa/server/src/admin/index.js",
  ".medusa/server/src/types/index.d.ts",
  ".medusa/client/cjs/index.js",
  ".medusa/client/esm/index.js",
  ".medusa/client/esm/package.json",
  ".medusa/client/types/index.d.ts",
]
const MUST_NOT_SHIP = [
  [/(^|\/)__tests__\//, "tests"],
  [/\.(spec|test)\.[cm]?[jt]sx?$/, "tests"],
  [/(^|\/)(integration-tests|bench|scripts|fixtures?|docs|test-artifacts)\//, "development files"],
  [/(^|\/)medusa-config\.[cm]?[jt]s$/, "the repository's own medusa-config"],
  [/(^|\/)src\/scripts\//, "the demo's seed"],
]

async function pack(work) {
  run("npm", ["run", "build"], { cwd: PROJECT_ROOT })
  const out = run("npm", ["pack", "--json", "--ignore-scripts", "--loglevel=error", "--pack-destination", work], { cwd: PROJECT_ROOT })
  const [{ filename, files }] = JSON.parse(out)
  const shipped = files.map((file) => file.path)
  const missing = MUST_SHIP.filter((file) => !shipped.includes(file))
  if (missing.length) throw new Error(`the package lacks ${missing.join(", ")}`)
  for (const [pattern, what] of MUST_NOT_SHIP) {
    const found = shipped.filter((file) => pattern.test(file))
    if (found.length) throw new Error(`the package ships ${what}: ${found.slice(0, 5).join(", ")}`)
  }
  checkReadmeImages()
  log(`${filename}: ${shipped.length} files`)
  return path.join(work, filename)
}

/** The registry page shows the README without the repository: its images need absolute URLs. */
function checkReadmeImages() {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8")
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1])
  const relative = images.filter((url) => !/^https:\/\//.test(url))
  if (relative.length) throw new Error(`README images without an absolute URL: ${relative.join(", ")}`)
  const base = `${PLUGIN.homepage.replace("github.com", "raw.githubusercontent.com").replace(/#.*$/, "")}/main/`
  const elsewhere = images.filter((url) => !url.startsWith(base) || !fs.existsSync(path.join(PROJECT_ROOT, url.slice(base.length))))
  if (elsewhere.length) throw new Error(`README images that are not files of this repository under ${base}: ${elsewhere.join(", ")}`)
}

/**
 * The release a new store gets (the `latest` tag, when the peer range takes it) and the oldest
 * release the peer range accepts.
 */
async function medusaVersions() {
  if (process.env.INSTALL_MEDUSA_VERSIONS) return process.env.INSTALL_MEDUSA_VERSIONS.split(/[\s,]+/).filter(Boolean)
  const range = PLUGIN.peerDependencies["@medusajs/medusa"]
  const matching = [].concat(JSON.parse(run("npm", ["view", `@medusajs/medusa@${range}`, "version", "--json"])))
  if (!matching.length) throw new Error(`no published @medusajs/medusa satisfies ${range}`)
  const latest = JSON.parse(run("npm", ["view", "@medusajs/medusa", "dist-tags.latest", "--json"]))
  // npm lists the range's versions in ascending order.
  const newest = matching.includes(latest) ? latest : matching[matching.length - 1]
  const oldest = matching[0]
  return newest === oldest ? [newest] : [newest, oldest]
}

// ---------------------------------------------------------------------------------------------
// The stock store

async function installStore(dir, version, tarball, databaseUrl) {
  const npm = (args, what) => step(`${version}: ${what}`, () => run("npm", args, { cwd: dir }))
  const medusa = (args, what, cwd = dir) => step(`${version}: ${what}`, () => run("npx", ["medusa", ...args], { cwd, env }))
  const port = await freePort()
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    MEDUSA_DISABLE_TELEMETRY: "true",
    STORE_CORS: "http://localhost:8000",
    ADMIN_CORS: `http://localhost:${port}`,
    AUTH_CORS: `http://localhost:${port},http://localhost:8000`,
  }
  for (const name of ["DB_HOST", "DB_PORT", "DB_USERNAME", "DB_PASSWORD", "DB_TEMP_NAME", "NODE_ENV"]) delete env[name]

  await step(`${version}: writes a stock Medusa app`, () => writeStockApp(dir, version))
  await npm(["install", "--no-audit", "--no-fund", "--prefer-offline"], "npm install (the stock app)")
  await npm(["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], "npm install the plugin's tarball")
  await step(`${version}: adds the plugin to medusa-config.ts as the README shows`, () => addPluginAsReadmeShows(dir))
  await step(`${version}: the storefront client loads (require and import) and type-checks`, () => checkClient(dir))
  await medusa(["db:migrate"], "medusa db:migrate")
  await medusa(["user", "-e", ADMIN.email, "-p", ADMIN.password], "medusa user (the store owner)")
  await medusa(["build"], "medusa build")
  const server = path.join(dir, ".medusa", "server")
  await step(`${version}: the admin build has the plugin's pages`, () => {
    const assets = path.join(server, "public", "admin", "assets")
    const hasLoyalty = fs.readdirSync(assets).some((file) => file.endsWith(".js") && fs.readFileSync(path.join(assets, file), "utf8").includes("/admin/loyalty/program"))
    if (!hasLoyalty) throw new Error(`no admin bundle in ${assets} calls /admin/loyalty/program`)
  })
  // As a deployment does: the build's own folder, with the app's packages.
  fs.symlinkSync(path.join(dir, "node_modules"), path.join(server, "node_modules"))
  return step(`${version}: medusa start (from .medusa/server)`, () => startStore(server, { ...env, NODE_ENV: "production" }, port))
}

function writeStockApp(dir, version) {
  fs.mkdirSync(path.join(dir, "src"), { recursive: true })
  // Medusa's packages of that release, those the plugin takes as peers (js-sdk, icons) included.
  const medusa = Object.fromEntries(["admin-sdk", "cli", "framework", "medusa", "js-sdk", "icons"].map((name) => [`@medusajs/${name}`, version]))
  const pkg = {
    name: "stock-store",
    private: true,
    scripts: { build: "medusa build", start: "medusa start", dev: "medusa develop" },
    dependencies: medusa,
    devDependencies: {
      "@swc/core": "^1.7.28",
      "@types/node": "^20.12.11",
      "@types/react": "^18.3.2",
      "@types/react-dom": "^18.2.25",
      "prop-types": "^15.8.1",
      react: "^18.3.1",
      "react-dom": "^18.3.1",
      "ts-node": "^10.9.2",
      typescript: "^5.6.2",
      vite: "^5.4.14",
    },
    engines: { node: ">=20" },
  }
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2))
  // The tsconfig of Medusa 2.x's starter (create-medusa-app).
  const tsconfig = {
    compilerOptions: {
      target: "ES2021", esModuleInterop: true, module: "Node16", moduleResolution: "Node16",
      emitDecoratorMetadata: true, experimentalDecorators: true, skipLibCheck: true, skipDefaultLibCheck: true,
      declaration: false, sourceMap: false, inlineSourceMap: true, outDir: "./.medusa/server", rootDir: "./",
      jsx: "react-jsx", forceConsistentCasingInFileNames: true, resolveJsonModule: true, checkJs: false, strictNullChecks: true,
    },
    "ts-node": { swc: true },
    include: ["**/*", ".medusa/types/*"],
    exclude: ["node_modules", ".medusa/server", ".medusa/admin", ".cache"],
  }
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2))
  fs.writeFileSync(
    path.join(dir, "medusa-config.ts"),
    `import { loadEnv, defineConfig } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS!,
      adminCors: process.env.ADMIN_CORS!,
      authCors: process.env.AUTH_CORS!,
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
})
`
  )
}

/**
 * `medusa-loyalty/client` as a storefront takes it from the installed package: required as
 * CommonJS, imported as an ES module, and type-checked with the store's js-sdk under each
 * module resolution a storefront uses: Node16 and bundler read the package's "exports",
 * node (Medusa's Next.js starter) its "typesVersions".
 */
function checkClient(dir) {
  const loads = "if (typeof m.loyalty !== 'function' || typeof m.LoyaltyError !== 'function') { console.error(Object.keys(m)); process.exit(1) }"
  run("node", ["-e", `const m = require("medusa-loyalty/client"); ${loads}`], { cwd: dir })
  run("node", ["--input-type=module", "-e", `const m = await import("medusa-loyalty/client"); ${loads}`], { cwd: dir })
  const check = path.join(dir, "client-check")
  fs.mkdirSync(check, { recursive: true })
  fs.writeFileSync(
    path.join(check, "storefront.ts"),
    `import Medusa from "@medusajs/js-sdk"
import { loyalty, LoyaltyError, type LoyaltyAccount, type StoreCartLoyaltyEstimate } from "medusa-loyalty/client"

const points = loyalty(new Medusa({ baseUrl: "http://localhost:9000", publishableKey: "pk_test" }))
export const balance: Promise<number> = points.account().then(({ account }: { account: LoyaltyAccount }) => account.balance)
export const most: Promise<number> = points.cart("cart_1").estimate().then((e: StoreCartLoyaltyEstimate) => e.max_redeemable_points)
export const refused = (error: unknown) => error instanceof LoyaltyError && error.type === "invalid_data"
`
  )
  const tsc = (module, resolution) =>
    run("npx", ["tsc", "--noEmit", "--strict", "--skipLibCheck", "--esModuleInterop", "--module", module, "--moduleResolution", resolution, "--target", "ES2021", path.join(check, "storefront.ts")], { cwd: dir })
  tsc("Node16", "Node16")
  // Medusa's Next.js starter resolves as "node" (node10), which reads typesVersions, not "exports".
  tsc("esnext", "node")
  tsc("esnext", "bundler")
  fs.rmSync(check, { recursive: true, force: true })
}

/** Puts the README's `plugins: [...]` into the stock config, character for character. */
function addPluginAsReadmeShows(dir) {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8")
  const section = readme.slice(readme.indexOf("## Install into an existing store"))
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1] ?? ""
  const plugins = /^ {2}plugins: \[\n[\s\S]*?^ {2}\],\n/m.exec(block)?.[0]
  if (!plugins) throw new Error('the README\'s "Install into an existing store" has no `plugins: [...]` in its ts block')
  const file = path.join(dir, "medusa-config.ts")
  const config = fs.readFileSync(file, "utf8")
  fs.writeFileSync(file, config.replace(/\n\}\)\n$/, `\n${plugins}})\n`))
}

async function startStore(cwd, env, port) {
  const logFile = path.join(path.dirname(path.dirname(cwd)), "medusa.log")
  const out = fs.openSync(logFile, "w")
  const child = spawn("npx", ["medusa", "start"], { cwd, env, detached: true, stdio: ["ignore", out, out] })
  child.exited = new Promise((resolve) => child.once("exit", resolve))
  const base = `http://localhost:${port}`
  const deadline = Date.now() + START_TIMEOUT_MS
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`medusa start exited (${child.exitCode}); its log:\n${tail(logFile)}`)
      if (Date.now() > deadline) throw new Error(`no answer on ${base}/health; the log:\n${tail(logFile)}`)
      const up = await fetch(`${base}/health`).then((r) => r.ok, () => false)
      if (up) return Object.assign(child, { base })
      await http.sleep(1000)
    }
  } catch (error) {
    await stopGroup(child)
    throw error
  }
}

// ---------------------------------------------------------------------------------------------
// A merchant sets up, a shopper pays with points

async function checkout(base) {
  const call = (method, route, body, headers) => http.call(base, method, route, body, headers)
  const { token: adminToken } = await call("POST", "/auth/user/emailpass", ADMIN)
  const admin = { authorization: `Bearer ${adminToken}` }
  const store = await merchantSetUp(call, admin)

  const key = { "x-publishable-api-key": store.publishableKey }
  const { program } = await call("GET", "/store/loyalty/program", null, key)
  if (!program?.enabled) throw new Error(`GET /store/loyalty/program: ${JSON.stringify(program)}`)

  const { token: registration } = await call("POST", "/auth/customer/emailpass/register", SHOPPER)
  const { customer } = await call("POST", "/store/customers", { email: SHOPPER.email, first_name: "Sam" }, { ...key, authorization: `Bearer ${registration}` })
  const { token } = await call("POST", "/auth/customer/emailpass", SHOPPER)
  const shopper = { ...key, authorization: `Bearer ${token}` }
  await call("POST", `/admin/customers/${customer.id}/loyalty/adjustments`, { points: POINTS, reason: "Install test", idempotency_key: "install-test" }, admin)

  const { cart } = await call("POST", "/store/carts", { region_id: store.regionId, email: SHOPPER.email }, shopper)
  await call("POST", `/store/carts/${cart.id}/line-items`, { variant_id: store.variantId, quantity: 1 }, shopper)
  const address = { first_name: "Sam", last_name: "Shopper", address_1: "Hauptstraße 1", city: "Berlin", postal_code: "10115", country_code: "de" }
  await call("POST", `/store/carts/${cart.id}`, { shipping_address: address, billing_address: address }, shopper)
  const { shipping_options } = await call("GET", `/store/shipping-options?cart_id=${cart.id}`, null, shopper)
  await call("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: shipping_options[0].id }, shopper)
  // The storefront's order: the payment step first, then the shopper applies points.
  const { payment_collection } = await call("POST", "/store/payment-collections", { cart_id: cart.id }, shopper)
  const session = () => call("POST", `/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, shopper)
  await session()
  const estimate = await call("GET", `/store/carts/${cart.id}/loyalty-points`, null, shopper)
  const points = Math.min(1000, estimate.max_redeemable_points)
  if (!(points > 0)) throw new Error(`nothing to redeem on the cart: ${JSON.stringify(estimate)}`)
  const { cart: withPoints } = await call("POST", `/store/carts/${cart.id}/loyalty-points`, { points }, shopper)
  await expectEqual(withPoints.total, 60 - points * 0.01, "the cart's total after the points (50 + 10 shipping, 0.01 a point)")
  await session() // the payment collection took the new total: pay for it
  const { earnable_points } = await call("GET", `/store/carts/${cart.id}/loyalty-points`, null, shopper)
  const completed = await call("POST", `/store/carts/${cart.id}/complete`, {}, shopper)
  if (completed.type !== "order") throw new Error(`the cart was not completed: ${JSON.stringify(completed.error)}`)
  const order = completed.order

  let loyalty
  await until(async () => {
    loyalty = await call("GET", `/admin/orders/${order.id}/loyalty`, null, admin)
    return loyalty.spent > 0 && loyalty.earned > 0
  }, `order ${order.id} to spend and earn its points`)
  await expectEqual([loyalty.spent, loyalty.earned], [points, earnable_points], "the order's points [spent, earned]")
  const { account } = await call("GET", "/store/loyalty/account", null, shopper)
  await expectEqual([account.balance, account.pending, account.reserved], [POINTS - points, earnable_points, 0], "the account [balance, pending, reserved]")
  const { order: paid } = await call("GET", `/admin/orders/${order.id}?fields=total,*payment_collections.payments`, null, admin)
  const authorized = paid.payment_collections.flatMap((c) => c.payments).reduce((sum, p) => sum + Number(p.amount), 0)
  await expectEqual(authorized, Number(paid.total), "the amount authorized against the order's total")
  log(`order #${order.display_id}: ${points} points spent, ${earnable_points} earned, ${paid.total} EUR paid`)
}

/** What a merchant makes in a new store's admin before selling: one region, shipping, a product. */
async function merchantSetUp(call, admin) {
  const post = (route, body) => call("POST", route, body, admin)
  const { sales_channel } = await post("/admin/sales-channels", { name: "Web shop" })
  const { api_key } = await post("/admin/api-keys", { title: "Storefront", type: "publishable" })
  await post(`/admin/api-keys/${api_key.id}/sales-channels`, { add: [sales_channel.id] })
  const { region } = await post("/admin/regions", { name: "Germany", currency_code: "eur", countries: ["de"], payment_providers: ["pp_system_default"] })
  const { stock_location } = await post("/admin/stock-locations", { name: "Warehouse", address: { address_1: "Lagerweg 1", city: "Berlin", country_code: "de" } })
  await post(`/admin/stock-locations/${stock_location.id}/sales-channels`, { add: [sales_channel.id] })
  await post(`/admin/stock-locations/${stock_location.id}/fulfillment-providers`, { add: ["manual_manual"] })
  const withSet = await post(`/admin/stock-locations/${stock_location.id}/fulfillment-sets?fields=*fulfillment_sets`, { name: "Shipping", type: "shipping" })
  const set = withSet.stock_location.fulfillment_sets[0]
  const { fulfillment_set } = await post(`/admin/fulfillment-sets/${set.id}/service-zones?fields=*service_zones`, { name: "Germany", geo_zones: [{ type: "country", country_code: "de" }] })
  const { shipping_profile } = await post("/admin/shipping-profiles", { name: "Goods", type: "default" })
  await post("/admin/shipping-options", {
    name: "Standard",
    service_zone_id: fulfillment_set.service_zones[0].id,
    shipping_profile_id: shipping_profile.id,
    provider_id: "manual_manual",
    price_type: "flat",
    type: { label: "Standard", description: "2–4 days", code: "standard" },
    prices: [{ currency_code: "eur", amount: 10 }],
    rules: [
      { attribute: "enabled_in_store", operator: "eq", value: "true" },
      { attribute: "is_return", operator: "eq", value: "false" },
    ],
  })
  const { product } = await post("/admin/products", {
    title: "Mug",
    status: "published",
    shipping_profile_id: shipping_profile.id,
    sales_channels: [{ id: sales_channel.id }],
    options: [{ title: "Size", values: ["One size"] }],
    variants: [{ title: "One size", options: { Size: "One size" }, manage_inventory: false, prices: [{ currency_code: "eur", amount: 50 }] }],
  })
  return { publishableKey: api_key.token, regionId: region.id, variantId: product.variants[0].id }
}

main().catch((error) => {
  console.error(`[install] ${error.message}`)
  // What explains a failure (configs, package.json, medusa.log), without a gigabyte of packages per store.
  for (const store of fs.existsSync(WORK) ? fs.readdirSync(WORK) : []) {
    fs.rmSync(path.join(WORK, store, "node_modules"), { recursive: true, force: true })
  }
  console.error(`[install] the stock stores' configs and logs (medusa.log) are kept in ${WORK}`)
  process.exit(1)
})
