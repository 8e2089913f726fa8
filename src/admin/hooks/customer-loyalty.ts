import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"

export type LoyaltyAccount = {
  balance: number
  pending: number
  reserved: number
  spendable: number
  lifetime_earned: number
  lifetime_spent: number
  expiring: { points: number; expires_at: string }[]
}

export type LoyaltyTransaction = {
  id: string
  type: string
  points: number
  status: string
  order_id: string | null
  reason: string | null
  created_by: string | null
  expires_at: string | null
  created_at: string
}

const keys = {
  account: (customerId: string) => ["loyalty", "account", customerId],
  transactions: (customerId: string, offset: number, type?: string) => ["loyalty", "transactions", customerId, offset, type],
}

export function useCustomerLoyalty(customerId: string) {
  return useQuery({
    queryKey: keys.account(customerId),
    queryFn: () =>
      sdk.client.fetch<{ account: LoyaltyAccount }>(`/admin/customers/${customerId}/loyalty`),
  })
}

export function useCustomerTransactions(customerId: string, limit: number, offset: number, type?: string) {
  return useQuery({
    queryKey: keys.transactions(customerId, offset, type),
    queryFn: () =>
      sdk.client.fetch<{ transactions: LoyaltyTransaction[]; count: number }>(
        `/admin/customers/${customerId}/loyalty/transactions`,
        { query: { limit, offset, ...(type ? { type } : {}) } }
      ),
  })
}

export function useAdjustPoints(customerId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { points: number; reason: string; expires_in_days?: number; idempotency_key: string }) =>
      sdk.client.fetch(`/admin/customers/${customerId}/loyalty/adjustments`, { method: "POST", body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["loyalty"] }),
  })
}
