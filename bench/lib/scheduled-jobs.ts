/**
 * The test app's cron jobs would fire in the middle of a run of minutes: release-pending-points,
 * every 15 minutes, delivers the outbox too; the expiry and tier jobs would work through the
 * seeded ledger beside what is measured. A benchmark wants its own work alone, so the schedules
 * are cleared (the in-memory workflow engine keeps them on the global WorkflowScheduler).
 */
export function stopScheduledJobs(log: (message: string) => void) {
  const storage = (globalThis as any).WorkflowScheduler?.storage
  const scheduled: Map<string, unknown> | undefined = storage?.scheduled
  if (!scheduled || typeof storage.remove !== "function") {
    log("could not reach the job scheduler: a cron job may run during the benchmark")
    return
  }
  const ids = [...scheduled.keys()]
  ids.forEach((id) => storage.remove(id))
  log(`cleared the schedules of ${ids.length} cron job(s): ${ids.join(", ")}`)
}
