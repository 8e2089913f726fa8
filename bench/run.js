#!/usr/bin/env node
"use strict"

/**
 * npm run bench:<name>   runs bench/<name>.bench.ts in Jest against a real Medusa app and
 *                        PostgreSQL, then prints its comparisons and, last, its figures as
 *                        one JSON line. Arguments after the name go to Jest
 *                        (`npm run bench:checkout -- -t reads` runs the read benchmark only).
 *
 * The database comes from scripts/lib/database.js, as for npm test: DATABASE_URL or DB_HOST
 * when set, else a throw-away embedded PostgreSQL. BENCH_RUNS raises the number of timed runs
 * (never below 50). The exit code is non-zero when the benchmark failed or reported nothing.
 */

const fs = require("fs")
const os = require("os")
const path = require("path")
const { spawn } = require("child_process")
const { provideDatabase, PROJECT_ROOT } = require("../scripts/lib/database")

const JEST = path.join(PROJECT_ROOT, "node_modules", "jest", "bin", "jest.js")
const log = (message) => console.log(`[bench] ${message}`)

async function main() {
  const startedAt = Date.now()
  const name = process.argv[2]
  const file = name && path.join(__dirname, `${name}.bench.ts`)
  if (!file || !fs.existsSync(file)) {
    console.error("usage: node bench/run.js <name>   (runs bench/<name>.bench.ts)")
    process.exit(2)
  }
  const resultsFile = path.join(os.tmpdir(), `medusa-loyalty-bench-${name}-${process.pid}.json`)
  fs.rmSync(resultsFile, { force: true })

  const database = await provideDatabase({ purpose: "test", log: (m) => log(`database: ${m}`) })
  let exit
  let jest
  const forward = (signal) => jest?.kill(signal)
  process.on("SIGINT", forward)
  process.on("SIGTERM", forward)
  try {
    jest = spawn(
      process.execPath,
      [
        "--experimental-vm-modules",
        JEST,
        "--runInBand",
        "--forceExit",
        path.relative(PROJECT_ROOT, file),
        ...process.argv.slice(3),
      ],
      {
        cwd: PROJECT_ROOT,
        stdio: "inherit",
        env: {
          ...process.env,
          ...database.env,
          NODE_ENV: "test",
          MEDUSA_DISABLE_TELEMETRY: "true",
          TEST_TYPE: "bench",
          BENCH_RESULTS_FILE: resultsFile,
        },
      }
    )
    exit = await new Promise((resolve) => {
      jest.once("error", (error) => resolve({ code: null, error }))
      jest.once("exit", (code, signal) => resolve({ code, signal }))
    })
  } finally {
    await database.stop().catch((error) => log(`could not stop the database: ${error.message}`))
  }

  let report
  try {
    report = JSON.parse(fs.readFileSync(resultsFile, "utf8"))
  } catch {
    report = undefined
  } finally {
    fs.rmSync(resultsFile, { force: true })
  }
  if (exit.code !== 0) {
    log(`Jest ${exit.error ? `could not start: ${exit.error.message}` : `exited with ${exit.signal ?? exit.code}`}`)
  }
  if (!report) {
    log("no figures were reported")
    process.exit(1)
  }
  console.log("")
  for (const [figure, c] of Object.entries(report.comparisons)) {
    const p95 = (ms) => (ms === undefined ? "" : `, p95 ${ms.toFixed(1)} ms`)
    log(`${figure}: ${c.a}: median ${c.a_median_ms.toFixed(1)} ms${p95(c.a_p95_ms)}`)
    log(`${figure}: ${c.b}: median ${c.b_median_ms.toFixed(1)} ms${p95(c.b_p95_ms)}`)
    log(`${figure}: median of ${c.runs} per-run ratios ${c.ratio.toFixed(3)} ` +
      `(ratio of medians ${(c.a_median_ms / c.b_median_ms).toFixed(3)})`)
  }
  log(`the whole run took ${((Date.now() - startedAt) / 60000).toFixed(1)} min`)
  console.log(JSON.stringify(report.figures))
  process.exitCode = exit.code === 0 ? 0 : 1
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
