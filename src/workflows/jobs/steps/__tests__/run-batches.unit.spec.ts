import type { BatchResult } from "../../../../types/loyalty"
import { type BatchSweep, runBatches } from "../run-batches"

const result = (skipped: number, next_after: string | null = null): BatchResult => ({
  next_after,
  skipped,
  lots: 0,
  points: 0,
  accounts: 0,
})

describe("runBatches", () => {
  it("sweeps again at the end, waiting for locks, only when an account was skipped", async () => {
    const sweeps: BatchSweep[] = []
    const totals = await runBatches(async (sweep) => {
      sweeps.push(sweep)
      return sweep.wait_for_locks ? result(0) : result(sweeps.length === 1 ? 1 : 0, sweeps.length === 1 ? "acc_1" : null)
    })
    expect(sweeps).toEqual([
      { after: null, until: null, wait_for_locks: false },
      { after: "acc_1", until: null, wait_for_locks: false },
      { after: null, until: null, wait_for_locks: true },
    ])
    expect(totals).toMatchObject({ batches: 3, skipped: 0 })

    const quiet: BatchSweep[] = []
    await runBatches(async (sweep) => (quiet.push(sweep), result(0)))
    expect(quiet).toEqual([{ after: null, until: null, wait_for_locks: false }])
  })

  it("leaves an account still held after the lock timeout for the next run, and fails on any other error", async () => {
    const timeout = Object.assign(new Error("canceling statement due to lock timeout"), { code: "55P03" })
    await expect(
      runBatches(async (sweep) => {
        if (sweep.wait_for_locks) throw timeout
        return result(2)
      })
    ).resolves.toMatchObject({ skipped: 2 })

    await expect(
      runBatches(async (sweep) => {
        if (sweep.wait_for_locks) throw new Error("connection lost")
        return result(1)
      })
    ).rejects.toThrow("connection lost")
  })
})
