import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useMemo } from "react"
import type {
  NetworkPerson,
  ReferralSiteStatus,
  ReferralSource,
  ReferralStatus,
} from "../lib/customer-network"
import { sdk } from "../lib/sdk"

export type LoyaltyAccount = {
  balance: number
  pending: number
  reserved: number
  spendable: number
  lifetime_earned: number
  lifetime_spent: number
  expiring: { points: number; expires_at: string }[]
  /** With tiers (issue 6); absent or null on a server or program without them. */
  tier?: AccountTier | null
  next_tier?: AccountTier | null
  points_to_next_tier?: number | null
  tier_points?: number
  /** In the holdout group (issue 21): not enrolled, earns nothing. */
  holdout?: boolean
}

export type AccountTier = { id: string; name: string; multiplier: number }

export type LoyaltyTransaction = {
  id: string
  type: string
  points: number
  status: string
  remaining: number | null
  order_id: string | null
  /** The order's number as Medusa shows it (#12); on the customer's ledger, not the order's. */
  order?: { id: string; display_id: number | null } | null
  reason: string | null
  details: Record<string, unknown> | null
  created_by: string | null
  available_at: string | null
  expires_at: string | null
  created_at: string
}

/** GET /admin/customers/:id/loyalty/referrals: who referred the customer and whom they brought. */
export type CustomerReferrals = {
  referrals_enabled: boolean
  referral_code: string | null
  referral_link: string | null
  referred_by: {
    id: string
    status: ReferralStatus
    source: ReferralSource
    code: string | null
    bound_at: string
    flag_reason: string | null
    /** Null only for a referrer whose account is gone. */
    referrer: (NetworkPerson & { customer_id: string }) | null
  } | null
  sites: { id: string; origin: string; status: ReferralSiteStatus }[]
  invitees: (NetworkPerson & {
    id: string
    customer_id: string
    status: ReferralStatus
    flag_reason: string | null
    source: ReferralSource
    bound_at: string
    orders: number
    points_pending: number
    points_earned: number
  })[]
  totals: { invitees: number; points_pending: number; points_earned: number }
  count: number
}

const keys = {
  account: (customerId: string) => ["loyalty", "account", customerId],
  transactions: (customerId: string, offset: number, type?: string) => ["loyalty", "transactions", customerId, offset, type],
  referrals: (customerId: string, offset: number) => ["loyalty", "customer-referrals", customerId, offset],
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

export function useCustomerReferrals(customerId: string, limit: number, offset: number) {
  return useQuery({
    queryKey: keys.referrals(customerId, offset),
    queryFn: () =>
      sdk.client.fetch<CustomerReferrals>(`/admin/customers/${customerId}/loyalty/referrals`, { query: { limit, offset } }),
    // The block stays (with its pager) while the next page loads.
    placeholderData: keepPreviousData,
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

/** Who made ledger rows: admin users' emails by id (ids that are not users stay as they are). */
export function useUserNames(ids: (string | null)[]) {
  const userIds = [...new Set(ids.filter((id): id is string => !!id && id.startsWith("user_")))].sort()
  const users = useQuery({
    queryKey: ["loyalty", "users", userIds],
    queryFn: () => sdk.admin.user.list({ id: userIds, limit: userIds.length, fields: "id,email" }),
    enabled: userIds.length > 0,
  })
  return useMemo(() => new Map((users.data?.users ?? []).map((user) => [user.id, user.email] as const)), [users.data])
}
