import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import type { HoldoutComparison, HoldoutGroupFigures } from "../../api/admin/loyalty/reports/holdout"
import type { GroupFigures, ProgramReport } from "../../lib/reports"

export type MemberRow = {
  id: string
  customer_id: string
  balance: number
  pending: number
  lifetime_earned: number
  tier_id?: string | null
  customer?: { email: string; first_name: string | null; last_name: string | null } | null
}

export type BulkBody = {
  customer_ids?: string[]
  customer_group_id?: string
  entries?: { row: number; customer_id?: string; email?: string; points: number }[]
  points?: number
  reason: string
  idempotency_key: string
}

export type BulkResult = {
  summary: { total: number; credited: number; already_done: number; failed: number }
  results: { row?: number; customer_id: string | null; email?: string; points: number; status: string; message?: string }[]
}

/** A run the ledger holds (see GET /admin/loyalty/bulk-adjustments). */
export type BulkRun = {
  idempotency_key: string
  repeat: number
  credited_at: string
  last_credited_at: string
  transactions: number
  points: number
}

export type { HoldoutComparison }
export type HoldoutGroup = HoldoutGroupFigures
export type ReportGroup = GroupFigures

/** `GET /admin/loyalty/reports` (README, "Reports"): rates are shares (0.25 = 25 %), null without a base. */
export type Report = ProgramReport & {
  from: string
  to: string
  /** The holdout comparison (README, "Holdout group"); null when the holdout was never on. */
  holdout?: HoldoutComparison | null
}

export function useMembers(params: { q?: string; tier_id?: string; order: string; limit: number; offset: number }) {
  return useQuery({
    queryKey: ["loyalty", "members", params],
    queryFn: () =>
      sdk.client.fetch<{ accounts: MemberRow[]; count: number }>("/admin/loyalty/accounts", {
        query: { ...params, q: params.q || undefined, tier_id: params.tier_id || undefined },
      }),
    placeholderData: keepPreviousData,
  })
}

export function useBulkAdjust() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: BulkBody) =>
      sdk.client.fetch<BulkResult>("/admin/loyalty/bulk-adjustments", { method: "POST", body }),
    onSettled: () => client.invalidateQueries({ queryKey: ["loyalty"] }),
  })
}

/** The runs already credited under a run's key and its repeats, and the key a repeat would send. */
export function useBulkRuns(idempotencyKey: string | null) {
  return useQuery({
    queryKey: ["loyalty", "bulk-runs", idempotencyKey],
    queryFn: () =>
      sdk.client.fetch<{ runs: BulkRun[]; repeat_key: string }>("/admin/loyalty/bulk-adjustments", {
        query: { idempotency_key: idempotencyKey! },
      }),
    enabled: !!idempotencyKey,
  })
}

export function useCustomerGroups() {
  return useQuery({
    queryKey: ["loyalty", "customer-groups"],
    queryFn: () => sdk.admin.customerGroup.list({ limit: 100, fields: "id,name" }),
  })
}

export function useLoyaltyReport(from: string, to: string) {
  return useQuery({
    queryKey: ["loyalty", "report", from, to],
    queryFn: () => sdk.client.fetch<{ report: Report }>("/admin/loyalty/reports", { query: { from, to } }),
  })
}

export type LedgerCheck = {
  id: string
  status: "running" | "completed" | "failed"
  trigger: "schedule" | "admin"
  started_at: string
  finished_at: string | null
  accounts_checked: number
  accounts_drifted: number
  drifted: {
    account_id: string
    customer_id: string
    customer: { email: string; first_name: string | null; last_name: string | null } | null
    differences: { field: string; expected: number; actual: number }[]
  }[]
  error: string | null
}

export type LedgerHealth = { last_check: LedgerCheck | null; running_check: LedgerCheck | null; schedule: string }

/** The last ledger check and the one running; asked again every few seconds while one runs. */
export function useLedgerHealth() {
  return useQuery({
    queryKey: ["loyalty", "health"],
    queryFn: () => sdk.client.fetch<LedgerHealth>("/admin/loyalty/health"),
    refetchInterval: (query) => (query.state.data?.running_check ? 3000 : false),
  })
}

/** Checks the ledger now; answers the finished check, or the one already running (started: false). */
export function useRunLedgerCheck() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () =>
      sdk.client.fetch<{ check: LedgerCheck; started: boolean }>("/admin/loyalty/health", { method: "POST", body: {} }),
    onMutate: () => client.invalidateQueries({ queryKey: ["loyalty", "health"] }),
    onSettled: () => client.invalidateQueries({ queryKey: ["loyalty", "health"] }),
  })
}
