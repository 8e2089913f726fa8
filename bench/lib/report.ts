import fs from "fs"
import type { Comparison } from "./timing"

export type BenchReport = {
  /** The benchmark's figures: bench/run.js prints them last, as one JSON line. */
  figures: Record<string, number | string>
  /** What each figure was made of, printed above it (the p95s where there are enough runs). */
  comparisons: Record<
    string,
    Omit<Comparison, "a_p95_ms" | "b_p95_ms"> & Partial<Pick<Comparison, "a_p95_ms" | "b_p95_ms">> & { a: string; b: string }
  >
}

/**
 * Hands the report to bench/run.js through the file it names in BENCH_RESULTS_FILE (Jest's
 * own output would bury a console.log); run without it, writes the figures to stdout.
 */
export function writeReport(report: BenchReport) {
  const file = process.env.BENCH_RESULTS_FILE
  if (file) {
    fs.writeFileSync(file, JSON.stringify(report))
  } else {
    process.stdout.write(`${JSON.stringify(report.figures)}\n`)
  }
}

/** Ratios with three decimals: enough to see a target missed by less than 1 %. */
export const roundRatio = (ratio: number) => Math.round(ratio * 1000) / 1000
