import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"

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

export type Report = {
  months: { month: string; issued: number; spent: number; expired: number; reversed: number }[]
  outstanding_points: number
  pending_points: number
  members: number
  active_members: number
  liability: { currency_code: string; point_value: number; amount: number }[]
  repeat_purchase: Record<"members" | "others", { customers: number; repeat_customers: number; rate: number | null }>
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
