import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { ReferralDecision, ReferralListQuery, ReferralParty, ReferralStatus, SiteDecision, SiteStatus } from "../lib/referral-queue"
import { sdk } from "../lib/sdk"

/** A referral in the review queue (GET /admin/loyalty/referrals). */
export type ReferralRow = {
  id: string
  status: ReferralStatus
  source: "code" | "coupon" | "site"
  code: string | null
  bound_at: string
  referee: ReferralParty | null
  referrer: ReferralParty | null
  rewarded: boolean
  reward_points: number
  flag_reason: string | null
  flagged_at: string | null
  review_deadline_at: string | null
  reviewed_at: string | null
  reviewed_by: string | null
  review_note: string | null
}

/** A refused claim (GET /admin/loyalty/referrals?refused=true): who tried whose code, and why not. */
export type RefusalRow = {
  id: string
  code: string | null
  reason: string
  created_at: string
  shopper: ReferralParty | null
  referrer: ReferralParty | null
}

/** A referring site (GET /admin/loyalty/referrals/sites) with its owner. */
export type ReferralSiteRow = {
  id: string
  origin: string
  status: SiteStatus
  verified_at: string | null
  approved_at: string | null
  rejected_at: string | null
  review_note: string | null
  created_at: string
  customer: { id: string; email: string | null; first_name: string | null; last_name: string | null } | null
}

type Page = { limit: number; offset: number }

const keys = {
  all: ["loyalty", "referrals"],
  list: (query: ReferralListQuery & Page) => ["loyalty", "referrals", "list", query],
  sites: (query: { status?: SiteStatus } & Page) => ["loyalty", "referrals", "sites", query],
}

export function useReferrals(query: Omit<ReferralListQuery, "refused"> & Page, enabled = true) {
  return useQuery({
    queryKey: keys.list(query),
    queryFn: () => sdk.client.fetch<{ referrals: ReferralRow[]; count: number }>("/admin/loyalty/referrals", { query }),
    placeholderData: keepPreviousData,
    enabled,
  })
}

export function useReferralRefusals(page: Page, enabled = true) {
  const query = { refused: true as const, ...page }
  return useQuery({
    queryKey: keys.list(query),
    queryFn: () => sdk.client.fetch<{ refusals: RefusalRow[]; count: number }>("/admin/loyalty/referrals", { query }),
    placeholderData: keepPreviousData,
    enabled,
  })
}

/** Approves, rejects or unbinds a referral; the queue (and the customers' widgets) are read again. */
export function useReferralDecision() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, decision, reason }: { id: string; decision: ReferralDecision; reason?: string }) =>
      sdk.client.fetch<{ referral: ReferralRow }>(`/admin/loyalty/referrals/${id}/${decision}`, {
        method: "POST",
        body: reason ? { reason } : {},
      }),
    onSettled: () => client.invalidateQueries({ queryKey: ["loyalty"] }),
  })
}

export function useReferralSites(query: { status?: SiteStatus } & Page) {
  return useQuery({
    queryKey: keys.sites(query),
    queryFn: () => sdk.client.fetch<{ sites: ReferralSiteRow[]; count: number }>("/admin/loyalty/referrals/sites", { query }),
    placeholderData: keepPreviousData,
  })
}

/** Approves or rejects a referring site (a rejection's reason is shown to its owner). */
export function useSiteDecision() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, decision, reason }: { id: string; decision: SiteDecision; reason?: string }) =>
      sdk.client.fetch<{ site: ReferralSiteRow }>(`/admin/loyalty/referrals/sites/${id}/${decision}`, {
        method: "POST",
        body: decision === "reject" ? { reason } : {},
      }),
    onSettled: () => client.invalidateQueries({ queryKey: keys.all }),
  })
}
