import path from "path"
import { spawn } from "child_process"
import { RESULT_PREFIX, type ExpiryJobResult } from "./expiry-job-result"

const PROJECT_ROOT = path.resolve(__dirname, "..", "..")
const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js", { paths: [PROJECT_ROOT] })
const JOB_SCRIPT = path.join("bench", "lib", "run-expiry-job.ts")

/**
 * Runs the expiry job in a Medusa process of its own rather than inside Jest:
 * `medusa exec bench/lib/run-expiry-job.ts` against `databaseUrl`, the database the benchmark's
 * test app seeded. Its output goes to `log` line by line; resolves with the figures it printed, or rejects when it failed or printed
 * none.
 */
export async function runExpiryJobProcess(
  databaseUrl: string,
  log: (line: string) => void
): Promise<ExpiryJobResult> {
  const child = spawn(process.execPath, [MEDUSA_CLI, "exec", JOB_SCRIPT], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  })
  const killChild = () => child.kill("SIGKILL")
  process.once("exit", killChild)

  let result: ExpiryJobResult | undefined
  const tail: string[] = []
  const onLine = (line: string) => {
    if (line.startsWith(`${RESULT_PREFIX} `)) {
      result = JSON.parse(line.slice(RESULT_PREFIX.length + 1))
      return
    }
    if (!line.trim()) return
    tail.push(line)
    if (tail.length > 40) tail.shift()
    log(line)
  }
  const byLine = () => {
    let pending = ""
    return (chunk: Buffer) => {
      const lines = (pending + chunk.toString("utf8")).split("\n")
      pending = lines.pop() ?? ""
      lines.forEach(onLine)
    }
  }
  child.stdout.on("data", byLine())
  child.stderr.on("data", byLine())

  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>(
    (resolve) => {
      child.once("error", (error) => resolve({ code: null, signal: null, error }))
      // "close", not "exit": after the output has all been read.
      child.once("close", (code, signal) => resolve({ code, signal }))
    }
  )
  process.removeListener("exit", killChild)
  if (exit.error || exit.code !== 0 || !result) {
    const how = exit.error ? `could not start: ${exit.error.message}` : `exited with ${exit.signal ?? exit.code}`
    throw new Error(
      `medusa exec ${JOB_SCRIPT} ${how}${result ? "" : ", without figures"}; its last lines:\n${tail.join("\n")}`
    )
  }
  return result
}
