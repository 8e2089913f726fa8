import fs from "fs"

/**
 * The memory of this process as the benchmarks report it: fields of /proc/self/status, the
 * kernel's peak RSS (VmHWM) reset before the part measured, and RSS sampled beside it.
 */

/** A field of /proc/self/status (VmRSS, VmHWM) in MB; the process's RSS where there is none. */
export function statusMb(field: "VmRSS" | "VmHWM"): number {
  try {
    const match = fs.readFileSync("/proc/self/status", "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))
    if (match) return Number(match[1]) / 1024
  } catch {
    // no /proc
  }
  return field === "VmHWM" ? process.resourceUsage().maxRSS / 1024 : process.memoryUsage().rss / 2 ** 20
}

/** Resets the kernel's peak RSS of this process to its current RSS (Linux ≥ 4.0). */
function resetPeak(): boolean {
  try {
    fs.writeFileSync("/proc/self/clear_refs", "5")
    return true
  } catch {
    return false
  }
}

/**
 * RSS now, and its peak from now until stop(): the kernel's high-water mark, reset first so that
 * what came before (boot, seeding) is not counted, or, where it cannot be reset, RSS every
 * 100 ms (and the high-water mark once it passes the earlier peak).
 */
export function watchMemory() {
  const hwmBefore = statusMb("VmHWM")
  const reset = resetPeak()
  const baseline = statusMb("VmRSS")
  let sampled = baseline
  const sampler = setInterval(() => (sampled = Math.max(sampled, statusMb("VmRSS"))), 100)
  return {
    stop() {
      clearInterval(sampler)
      sampled = Math.max(sampled, statusMb("VmRSS"))
      const hwm = statusMb("VmHWM")
      if (reset) return { baseline, peak: Math.max(hwm, sampled), source: "VmHWM" as const }
      return { baseline, peak: Math.max(sampled, hwm > hwmBefore ? hwm : 0), source: "sampled" as const }
    },
  }
}
