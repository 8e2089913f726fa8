#!/usr/bin/env node
"use strict"

/**
 * npm run demo — a demo store with this plugin, on an embedded PostgreSQL unless DATABASE_URL
 * (or DB_HOST) says otherwise:
 *
 *   1. provide the database (data kept in .data/, reused by the next run),
 *   2. medusa db:migrate,
 *   3. medusa exec ./src/scripts/seed-demo.ts (idempotent),
 *   4. build the demo storefront (storefront/, into .medusa/storefront, which `medusa develop`
 *      does not watch) and serve it on http://localhost:8000 (STOREFRONT_PORT) with Vite's
 *      preview server, in this process; it answers /config.json with the backend's address and
 *      the seeded publishable key,
 *   5. medusa develop, and print the logins once http://localhost:9000/health answers.
 *
 * Ctrl-C stops Medusa first, then the storefront, then the database. Medusa runs in its own
 * process group so the terminal's Ctrl-C reaches only this script, which then shuts everything
 * down in that order.
 */

const fs = require("fs")
const net = require("net")
const path = require("path")
const { spawn, spawnSync } = require("child_process")
const { provideDatabase, PROJECT_ROOT } = require("./lib/database")

const PORT = Number(process.env.PORT || 9000)
const BASE_URL = `http://localhost:${PORT}`
const STOREFRONT_PORT = Number(process.env.STOREFRONT_PORT || 8000)
const STOREFRONT_URL = `http://localhost:${STOREFRONT_PORT}`
const STOREFRONT_CONFIG = path.join(PROJECT_ROOT, "storefront", "vite.config.mts")
const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js", { paths: [PROJECT_ROOT] })
// The seed writes the logins here (LOYALTY_DEMO_CREDENTIALS_FILE: where the e2e run wants them).
const CREDENTIALS_FILE = process.env.LOYALTY_DEMO_CREDENTIALS_FILE
  ? path.resolve(process.env.LOYALTY_DEMO_CREDENTIALS_FILE)
  : path.join(PROJECT_ROOT, ".data", "demo-credentials.json")
const MEDUSA_PID_FILE = path.join(PROJECT_ROOT, ".data", "demo-medusa.pid")
const MEDUSA_STOP_TIMEOUT_MS = 20_000

const log = (message) => console.log(`[demo] ${message}`)
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

let database // { env, stop }
let medusa // the running Medusa CLI process (leader of its own process group)
let storefront // Vite's preview server over the built storefront
let stopping // the shutdown promise, once started

async function main() {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => shutdown(`${signal} received`, 0))
  }
  // Last resort if this script dies some other way: take Medusa's process group with it.
  process.on("exit", () => medusa && killGroup(medusa.pid, "SIGKILL"))

  await stopLeftoverMedusa()
  if (!(await portIsFree(PORT))) {
    throw new Error(
      `port ${PORT} is in use: is another Medusa (or an earlier demo) still running? ` +
        "Stop it, or set PORT to another port."
    )
  }
  if (!(await portIsFree(STOREFRONT_PORT))) {
    throw new Error(`port ${STOREFRONT_PORT} (the storefront) is in use; stop what uses it, or set STOREFRONT_PORT to another port.`)
  }

  database = await provideDatabase({ purpose: "demo", log: (m) => log(`database: ${m}`) })
  if (stopping) return

  const env = {
    ...process.env,
    ...database.env,
    MEDUSA_DISABLE_TELEMETRY: "true",
    PORT: String(PORT),
    LOYALTY_DEMO_CREDENTIALS_FILE: CREDENTIALS_FILE,
    // The storefront calls the store and auth routes from its own origin; its address is also
    // where the seed points referral links.
    STORE_CORS: process.env.STORE_CORS || STOREFRONT_URL,
    AUTH_CORS: process.env.AUTH_CORS || `${BASE_URL},${STOREFRONT_URL}`,
    LOYALTY_DEMO_STOREFRONT_URL: STOREFRONT_URL,
  }

  log("applying migrations (medusa db:migrate)")
  await runMedusa(["db:migrate", "--execute-safe-links"], env)
  if (stopping) return

  log("seeding the demo store (medusa exec ./src/scripts/seed-demo.ts)")
  await runMedusa(["exec", "./src/scripts/seed-demo.ts"], env)
  if (stopping) return

  // Built and served before Medusa watches the project (Vite's config loading writes a temp file).
  log(`building the storefront and serving it on ${STOREFRONT_URL}`)
  storefront = await startStorefront()
  if (stopping) return

  log(`starting Medusa (medusa develop) on ${BASE_URL}`)
  medusa = startMedusa(["develop"], env)
  medusa.once("exit", (code, signal) => {
    medusa = undefined
    if (!stopping) {
      shutdown(`medusa develop exited (${signal ?? `code ${code}`})`, code || 1)
    }
  })

  if (await waitUntilUp()) printBanner()
}

/**
 * Builds storefront/ with Vite and serves the build with Vite's preview server. Its
 * /config.json (storefront/vite.config.mts) reads these two at each request: the backend's
 * address, and the credentials file, where the publishable key is.
 */
async function startStorefront() {
  process.env.MEDUSA_BACKEND_URL = BASE_URL
  process.env.LOYALTY_DEMO_CREDENTIALS_FILE = CREDENTIALS_FILE
  const vite = await import("vite")
  await vite.build({ configFile: STOREFRONT_CONFIG, logLevel: "warn" })
  return vite.preview({ configFile: STOREFRONT_CONFIG, logLevel: "warn", preview: { port: STOREFRONT_PORT, strictPort: true } })
}

/** Runs one Medusa CLI command to completion; a failure ends the demo. */
async function runMedusa(args, env) {
  medusa = startMedusa(args, env)
  const { code, signal } = await new Promise((resolve) =>
    medusa.once("exit", (code, signal) => resolve({ code, signal }))
  )
  medusa = undefined
  if (stopping) return
  if (code !== 0) {
    throw new Error(`medusa ${args.join(" ")} failed (${signal ?? `exit code ${code}`})`)
  }
}

function startMedusa(args, env) {
  const child = spawn(process.execPath, [MEDUSA_CLI, ...args], {
    cwd: PROJECT_ROOT,
    env,
    // Own process group (see the header); no stdin, so nothing can stop on a terminal read.
    detached: true,
    stdio: ["ignore", "inherit", "inherit"],
  })
  // Remembered so that a run after a killed one can stop what that one left running.
  fs.mkdirSync(path.dirname(MEDUSA_PID_FILE), { recursive: true })
  fs.writeFileSync(MEDUSA_PID_FILE, `${process.pid} ${child.pid}\n`)
  return child
}

/** A Medusa process group that a killed demo left behind (see MEDUSA_PID_FILE). */
async function stopLeftoverMedusa() {
  let demoPid, pgid
  try {
    ;[demoPid, pgid] = fs.readFileSync(MEDUSA_PID_FILE, "utf8").trim().split(" ").map(Number)
  } catch {
    return
  }
  if (demoPid > 0 && demoPid !== process.pid && processIsAlive(demoPid)) {
    throw new Error(`another demo is running (pid ${demoPid}); stop it first (Ctrl-C in its terminal)`)
  }
  if (pgid > 0 && groupIsAlive(pgid) && groupRuns(pgid, MEDUSA_CLI)) {
    log(`stopping a Medusa (process group ${pgid}) left running by an earlier demo`)
    await stopGroup(pgid)
  }
  fs.rmSync(MEDUSA_PID_FILE, { force: true })
}

async function waitUntilUp() {
  for (;;) {
    if (stopping) return false
    if (await answers(`${BASE_URL}/health`)) break
    await sleep(1000)
  }
  // The admin is built on its first request; make that request before sending people there.
  for (let attempt = 0; attempt < 60 && !stopping; attempt++) {
    if (await answers(`${BASE_URL}/app`, 30_000)) return true
    await sleep(1000)
  }
  return !stopping
}

async function answers(url, timeoutMs = 2000) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    await response.arrayBuffer()
    return response.ok
  } catch {
    return false
  }
}

function printBanner() {
  let credentials = {}
  try {
    credentials = JSON.parse(fs.readFileSync(CREDENTIALS_FILE, "utf8"))
  } catch {
    log(`could not read ${path.relative(PROJECT_ROOT, CREDENTIALS_FILE)}`)
  }
  const admin = credentials.admin ?? {}
  const shopper = credentials.shopper ?? {}
  const lines = [
    "",
    "  medusa-loyalty demo is running",
    "",
    `  Storefront       ${STOREFRONT_URL}   (sign in as the shopper below)`,
    "",
    `  Admin            ${BASE_URL}/app`,
    `    email          ${admin.email ?? "?"}`,
    `    password       ${admin.password ?? "?"}`,
    "",
    `  Store API        ${BASE_URL}/store   (header x-publishable-api-key)`,
    `    publishable key ${credentials.publishable_key ?? "?"}`,
    "",
    `  Shopper login    POST ${BASE_URL}/auth/customer/emailpass`,
    `    email          ${shopper.email ?? "?"}`,
    `    password       ${shopper.password ?? "?"}`,
    "",
    `  Database         ${redact(database.env.DATABASE_URL ?? "")}`,
    `  Saved to         ${path.relative(PROJECT_ROOT, CREDENTIALS_FILE)}`,
    "",
    "  Ctrl-C stops Medusa and the database; the next run reuses the data.",
    "",
  ]
  const width = Math.max(...lines.map((line) => line.length)) + 2
  const bar = "═".repeat(width)
  console.log(`\n╔${bar}╗\n${lines.map((l) => `║${l.padEnd(width)}║`).join("\n")}\n╚${bar}╝\n`)
}

function shutdown(reason, exitCode) {
  if (stopping) {
    // A second Ctrl-C: do not wait for Medusa's graceful shutdown.
    if (medusa) killGroup(medusa.pid, "SIGKILL")
    return stopping
  }
  log(`${reason}: stopping`)
  stopping = (async () => {
    if (medusa) await stopMedusa()
    if (storefront) await storefront.close().catch(() => {})
    if (database) {
      await database.stop().catch((error) => log(`could not stop the database: ${error.message}`))
    }
    log("stopped")
    process.exit(exitCode)
  })()
  return stopping
}

/**
 * SIGTERM to Medusa's whole process group: the develop watcher ends at once and the server it
 * forked shuts down gracefully (SIGINT would make `medusa develop` show interactive prompts).
 */
async function stopMedusa() {
  await stopGroup(medusa.pid)
  medusa = undefined
  fs.rmSync(MEDUSA_PID_FILE, { force: true })
}

async function stopGroup(pid) {
  killGroup(pid, "SIGTERM")
  const deadline = Date.now() + MEDUSA_STOP_TIMEOUT_MS
  while (groupIsAlive(pid) && Date.now() < deadline) await sleep(200)
  if (groupIsAlive(pid)) {
    log("Medusa did not stop in time; killing it")
    killGroup(pid, "SIGKILL")
    for (let i = 0; i < 50 && groupIsAlive(pid); i++) await sleep(100)
  }
}

function processIsAlive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return error.code === "EPERM"
  }
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal)
  } catch {
    // already gone
  }
}

/** Whether any process of the group is still running (zombies waiting to be reaped do not count). */
function groupIsAlive(pgid) {
  if (fs.existsSync("/proc/self/stat")) return membersOf(pgid).length > 0
  try {
    process.kill(-pgid, 0)
    return true
  } catch (error) {
    return error.code === "EPERM"
  }
}

/** Whether a live process of the group has `script` on its command line. */
function groupRuns(pgid, script) {
  if (!fs.existsSync("/proc/self/stat")) {
    const ps = spawnSync("ps", ["-g", String(pgid), "-o", "command="], { encoding: "utf8" })
    return ps.status === 0 && ps.stdout.includes(script)
  }
  return membersOf(pgid).some((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(script)
    } catch {
      return false
    }
  })
}

/** Live (not zombie) processes of a process group, from /proc. */
function membersOf(pgid) {
  const members = []
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue
    let stat
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8")
    } catch {
      continue // exited meanwhile
    }
    // pid (comm) state ppid pgrp …; comm may contain spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    if (Number(pgrp) === pgid && state !== "Z") members.push(Number(entry))
  }
  return members
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer()
    probe.once("error", () => resolve(false))
    probe.listen(port, () => probe.close(() => resolve(true)))
  })
}

function redact(databaseUrl) {
  try {
    const url = new URL(databaseUrl)
    if (url.password) url.password = "***"
    return url.toString()
  } catch {
    return databaseUrl
  }
}

main().catch((error) => {
  console.error(`[demo] ${error.message}`)
  shutdown("failed", 1)
})
