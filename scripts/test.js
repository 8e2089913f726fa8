#!/usr/bin/env node
"use strict"

/**
 * npm test                     unit, then module, then HTTP tests
 * npm run test:<kind> [-- …]   one kind (unit | modules | http); arguments after it go to Jest
 *
 * Module and HTTP tests need PostgreSQL: see scripts/lib/database.js for where it comes from.
 * The last line printed is `N passed, N failed[, N skipped]`; the exit code is non-zero when a
 * test failed, a Jest run did not finish cleanly, or arguments were given and no test ran
 * (a mistyped path or -t name is not a pass).
 */

const fs = require("fs")
const os = require("os")
const path = require("path")
const { spawn } = require("child_process")
const { createRequire } = require("module")
const { provideDatabase, PROJECT_ROOT } = require("./lib/database")

const KINDS = ["unit", "modules", "http"]
const NEEDS_DATABASE = new Set(["modules", "http"])
const JEST = path.join(PROJECT_ROOT, "node_modules", "jest", "bin", "jest.js")
const HEAP_MB = Number(process.env.LOYALTY_TEST_HEAP_MB || 8192)
// A Jest worker runs one spec at a time on one core (the Medusa app and the test share its
// event loop; PostgreSQL takes little), so the suites of a kind go side by side, one per core.
const WORKERS = Math.max(1, Number(process.env.LOYALTY_TEST_WORKERS || Math.min(2, os.availableParallelism?.() ?? os.cpus().length)))

const log = (message) => console.log(`[test] ${message}`)

async function main() {
  const argv = process.argv.slice(2)
  const kinds = KINDS.includes(argv[0]) ? [argv.shift()] : KINDS
  const jestArgs = argv

  const hasTests = Object.fromEntries(kinds.map((kind) => [kind, testFilesOf(kind).length > 0]))

  const results = []
  let database
  let databaseError
  let current // the running Jest process
  let interrupted = false

  const onSignal = (signal) => {
    if (interrupted) {
      // A second Ctrl-C: do not wait for Jest any longer.
      current?.kill("SIGKILL")
      return
    }
    interrupted = true
    log(`${signal}: stopping`)
    current?.kill(signal)
  }
  process.on("SIGINT", onSignal)
  process.on("SIGTERM", onSignal)

  try {
    for (const kind of kinds) {
      if (interrupted) break
      if (NEEDS_DATABASE.has(kind) && hasTests[kind] && !database) {
        if (!databaseError) {
          try {
            database = await provideDatabase({ purpose: "test", log: (m) => log(`database: ${m}`) })
          } catch (error) {
            databaseError = error
            console.error(`[test] no database for the ${kind} tests:`, error)
          }
        }
        if (interrupted) break
        if (databaseError) {
          results.push(notRun(kind, `no database: ${databaseError.message.split("\n")[0]}`))
          continue
        }
      }
      const outputFile = path.join(os.tmpdir(), `medusa-loyalty-jest-${kind}-${process.pid}.json`)
      fs.rmSync(outputFile, { force: true })

      const args = [
        "--experimental-vm-modules",
        // Every HTTP spec boots a Medusa app in its worker and not all of it is freed: twenty specs
        // passed 3.8 GB, Node's default limit on this machine. Workers inherit these flags, and
        // one past 2 GB between specs is replaced by a fresh one.
        `--max-old-space-size=${HEAP_MB}`,
        JEST,
        `--maxWorkers=${WORKERS}`,
        "--workerIdleMemoryLimit=2GB",
        "--forceExit",
        "--json",
        "--outputFile",
        outputFile,
      ]
      // A kind with no test files yet passes; so does one that the caller's filter leaves empty
      // while running every kind.
      if (!hasTests[kind] || (kinds.length > 1 && jestArgs.length)) args.push("--passWithNoTests")
      args.push(...jestArgs)

      console.log(`\n[test] ── ${kind} tests ${"─".repeat(50)}`)
      const started = Date.now()
      current = spawn(process.execPath, args, {
        cwd: PROJECT_ROOT,
        stdio: "inherit",
        env: {
          ...process.env,
          ...(NEEDS_DATABASE.has(kind) ? database?.env : {}),
          NODE_ENV: "test",
          MEDUSA_DISABLE_TELEMETRY: "true",
          TEST_TYPE: kind,
        },
      })
      const exit = await new Promise((resolve) => {
        current.once("error", (error) => resolve({ code: null, error }))
        current.once("exit", (code, signal) => resolve({ code, signal }))
      })
      current = undefined
      results.push(summarise(kind, exit, outputFile, Date.now() - started))
      fs.rmSync(outputFile, { force: true })
    }
  } finally {
    if (database) {
      await database.stop().catch((error) => log(`could not stop the database: ${error.message}`))
    }
  }

  // A filter (a path, -t "name") that matches no test is a mistake, not a pass: with several
  // kinds each may match nothing (--passWithNoTests), but together they must run a test.
  const unmatched =
    !interrupted &&
    jestArgs.length > 0 &&
    results.length > 0 &&
    results.every((r) => r.counted && r.passed + r.failed === 0)
  report(results, interrupted, unmatched && jestArgs)
  const ok = !interrupted && !unmatched && results.every((result) => result.ok)
  process.exitCode = interrupted ? 130 : ok ? 0 : 1
}

/** The test files Jest would run for one kind, from the testMatch in jest.config.js. */
function testFilesOf(kind) {
  const previous = process.env.TEST_TYPE
  process.env.TEST_TYPE = kind
  const configPath = path.join(PROJECT_ROOT, "jest.config.js")
  delete require.cache[require.resolve(configPath)]
  let config
  try {
    config = require(configPath)
  } finally {
    if (previous === undefined) delete process.env.TEST_TYPE
    else process.env.TEST_TYPE = previous
  }
  const micromatch = createRequire(require.resolve("jest-config"))("micromatch")
  const patterns = config.testMatch.map((glob) => glob.replace("<rootDir>", PROJECT_ROOT))
  const ignored = new Set(["node_modules", ".git", ".medusa", ".data", "dist", "coverage"])

  const files = []
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (ignored.has(entry.name)) continue
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (micromatch.isMatch(full, patterns)) files.push(full)
    }
  }
  walk(PROJECT_ROOT)
  return files
}

function notRun(kind, problem) {
  return { kind, passed: 0, failed: 0, skipped: 0, suites: 0, durationMs: 0, problems: [problem], ok: false }
}

function summarise(kind, exit, outputFile, durationMs) {
  // counted: Jest ran and wrote its results, so its counts are what ran.
  const result = { kind, passed: 0, failed: 0, skipped: 0, suites: 0, durationMs, problems: [], counted: false }
  let json
  try {
    json = JSON.parse(fs.readFileSync(outputFile, "utf8"))
  } catch {
    result.problems.push("Jest wrote no results")
  }
  if (json) {
    result.counted = true
    result.passed = json.numPassedTests
    result.failed = json.numFailedTests
    result.skipped = json.numPendingTests + (json.numTodoTests || 0)
    result.suites = json.numTotalTestSuites
    if (json.numRuntimeErrorTestSuites) {
      result.problems.push(`${json.numRuntimeErrorTestSuites} suite(s) failed to run`)
    }
  }
  if (exit.error) result.problems.push(`could not start Jest: ${exit.error.message}`)
  else if (exit.signal) result.problems.push(`Jest was killed by ${exit.signal}`)
  else if (exit.code !== 0 && !result.failed && !result.problems.length) {
    result.problems.push(`Jest exited with code ${exit.code}`)
  }
  result.ok = exit.code === 0 && !result.failed && !result.problems.length
  return result
}

function report(results, interrupted, unmatchedFilter) {
  const total = { passed: 0, failed: 0, skipped: 0 }
  console.log("\n[test] ── summary " + "─".repeat(50))
  for (const result of results) {
    total.passed += result.passed
    total.failed += result.failed
    total.skipped += result.skipped
    const counts = `${result.passed} passed, ${result.failed} failed` +
      (result.skipped ? `, ${result.skipped} skipped` : "")
    const suites = `${result.suites} suite${result.suites === 1 ? "" : "s"}`
    const problems = result.problems.length ? `  ✗ ${result.problems.join("; ")}` : ""
    console.log(
      `${result.ok ? "✓" : "✗"} ${result.kind.padEnd(8)} ${counts} (${suites}, ` +
        `${(result.durationMs / 1000).toFixed(1)} s)${problems}`
    )
  }
  if (interrupted) console.log("✗ interrupted")
  if (unmatchedFilter) console.log(`✗ no test matches ${unmatchedFilter.join(" ")}`)
  console.log(
    `${total.passed} passed, ${total.failed} failed` +
      (total.skipped ? `, ${total.skipped} skipped` : "")
  )
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
