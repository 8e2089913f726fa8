"use strict"

/**
 * Child processes of the scripts that run Medusa (test:install, test:scale): each Medusa in its
 * own process group, so that stopping it takes whatever it started, and its output in a log file
 * outside the project.
 */

const fs = require("fs")
const net = require("net")
const { spawn, spawnSync } = require("child_process")
const { PROJECT_ROOT } = require("./database")
const { sleep } = require("./http")

const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js", { paths: [PROJECT_ROOT] })

/** Runs `command` to its end and returns its stdout; throws with the end of its output if it fails. */
function run(command, args, { cwd = PROJECT_ROOT, env = process.env } = {}) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-40).join("\n")
    throw new Error(`${command} ${args.join(" ")} exited with ${result.status ?? result.signal}:\n${output}`)
  }
  return result.stdout
}

/**
 * Starts `command` in a process group of its own with stdout and stderr in `logFile`. The child
 * gets `exited` (a promise of { code, signal }) and `logFile`.
 */
function startLogged(command, args, { cwd = PROJECT_ROOT, env = process.env, logFile }) {
  const out = fs.openSync(logFile, "a")
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", out, out] })
  fs.closeSync(out)
  child.logFile = logFile
  child.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })))
  child.once("error", () => {})
  return child
}

/** `medusa <args>` of this repository's test app (medusa-config.ts), logged to `logFile`. */
function startMedusa(args, { env, logFile }) {
  return startLogged(process.execPath, [MEDUSA_CLI, ...args], { cwd: PROJECT_ROOT, env, logFile })
}

/** Resolves once `base`/health answers; throws with the log's end if the process exits or time runs out. */
async function waitForHealth(child, base, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the process on ${base} exited (${child.signalCode ?? child.exitCode}); its log:\n${tail(child.logFile)}`)
    }
    if (Date.now() > deadline) throw new Error(`no answer on ${base}/health in ${timeoutMs / 1000} s; the log:\n${tail(child.logFile)}`)
    const up = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5000) }).then((r) => r.ok, () => false)
    if (up) return
    await sleep(500)
  }
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

/** SIGTERM to the child's process group, SIGKILL after `graceMs`; resolves once it has exited. */
async function stopGroup(child, graceMs = 20_000) {
  if (child.exitCode !== null || child.signalCode !== null) return
  killGroup(child, "SIGTERM")
  const stopped = await Promise.race([child.exited.then(() => true), sleep(graceMs).then(() => false)])
  if (!stopped) {
    killGroup(child, "SIGKILL")
    await child.exited
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, "utf8").trim().split("\n").slice(-lines).join("\n")
  } catch {
    return "(no log)"
  }
}

module.exports = { run, startLogged, startMedusa, waitForHealth, killGroup, stopGroup, freePort, tail, MEDUSA_CLI }
