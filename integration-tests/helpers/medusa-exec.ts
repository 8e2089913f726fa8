import { spawn } from "child_process"
import path from "path"

const PROJECT_ROOT = path.resolve(__dirname, "../..")
const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js", { paths: [PROJECT_ROOT] })

export type ExecExit = { code: number | null; signal: NodeJS.Signals | null }

export type MedusaExec = {
  /** Every line the process wrote so far, stdout and stderr together. */
  lines: string[]
  /** Settles once the process has exited and its output is read. */
  exited: Promise<ExecExit>
  /** The first line matching `pattern`; rejects, with the output, if the process exits first. */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>
  /** SIGKILL to the process and everything it started. */
  kill(): void
}

const running = new Set<MedusaExec>()

/**
 * `medusa exec <script>` in a process of its own (the test app's config, this checkout), against
 * `env` on top of this process's environment. It reacts to what the process prints instead of
 * sleeping or polling, so it waits exactly as long as the machine needs.
 */
export function medusaExec(script: string, env: Record<string, string>): MedusaExec {
  const child = spawn(process.execPath, [MEDUSA_CLI, "exec", script], {
    cwd: PROJECT_ROOT,
    // Its own process group: kill() takes the CLI's children with it.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "development", ...env },
  })
  const lines: string[] = []
  const waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>()
  const onLine = (line: string) => {
    lines.push(line)
    for (const waiter of waiters) {
      if (waiter.pattern.test(line)) {
        waiters.delete(waiter)
        waiter.resolve(line)
      }
    }
  }
  for (const stream of [child.stdout, child.stderr]) {
    let pending = ""
    stream.on("data", (chunk: Buffer) => {
      const parts = (pending + chunk.toString("utf8")).split("\n")
      pending = parts.pop() ?? ""
      parts.forEach(onLine)
    })
    stream.on("end", () => pending && onLine(pending))
  }
  let closed = false
  const exited = new Promise<ExecExit>((resolve) => {
    child.once("error", (error) => {
      onLine(`could not start: ${error.message}`)
      closed = true
      resolve({ code: null, signal: null })
    })
    // "close", not "exit": after its output has all been read.
    child.once("close", (code, signal) => {
      closed = true
      resolve({ code, signal })
    })
  })

  const exec: MedusaExec = {
    lines,
    exited,
    line(pattern, timeoutMs = 240_000) {
      const seen = lines.find((line) => pattern.test(line))
      if (seen) return Promise.resolve(seen)
      return new Promise<string>((resolve, reject) => {
        const settle = (done: () => void) => {
          clearTimeout(timer)
          waiters.delete(waiter)
          done()
        }
        const waiter = { pattern, resolve: (line: string) => settle(() => resolve(line)) }
        waiters.add(waiter)
        // A guard against a hung process only: a slow machine just takes longer to get there.
        const timer = setTimeout(
          () => settle(() => reject(new Error(`medusa exec ${script} printed no line matching ${pattern} in ${timeoutMs} ms:\n${tail(lines)}`))),
          timeoutMs
        )
        timer.unref()
        exited.then(({ code, signal }) => {
          if (waiters.has(waiter)) {
            settle(() => reject(new Error(`medusa exec ${script} exited (${signal ?? `code ${code}`}) before printing ${pattern}:\n${tail(lines)}`)))
          }
        })
      })
    },
    kill() {
      // Until its output closes, the group may hold processes the CLI started.
      if (!closed && child.pid) {
        try {
          process.kill(-child.pid, "SIGKILL")
        } catch {
          // already gone
        }
      }
    },
  }
  running.add(exec)
  exited.then(() => running.delete(exec))
  return exec
}

/** Kills whatever medusaExec started that is still running (for afterEach/afterAll). */
export function killMedusaExecs() {
  for (const exec of running) exec.kill()
}

export const tail = (lines: string[], count = 40) => lines.slice(-count).join("\n")
