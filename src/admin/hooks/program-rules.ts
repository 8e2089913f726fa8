import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"

export type Tier = { id: string; name: string; min_points: number; multiplier: number }

export type Campaign = {
  id: string
  name: string
  starts_at: string
  ends_at: string | null
  customer_group_ids: string[]
  kind: "extra_percent" | "multiplier"
  extra_percent: number | null
  multiplier: number | null
}

export type RuleTargetType = "product" | "category" | "collection" | "customer_group"

export type EarningRule = {
  id: string
  name: string | null
  target_type: RuleTargetType
  target_id: string
  kind: "percent" | "points_per_unit" | "exclude"
  percent: number | null
  points_per_unit: number | null
  exclude_earning: boolean | null
  exclude_redemption: boolean | null
}

/** The three editable lists of the program, each at /admin/loyalty/<path>(/:id). */
type Resources = {
  tiers: { one: "tier"; row: Tier }
  campaigns: { one: "campaign"; row: Campaign }
  rules: { one: "rule"; row: EarningRule }
}
export type ResourcePath = keyof Resources
type Row<P extends ResourcePath> = Resources[P]["row"]
export type ResourceBody<P extends ResourcePath> = Partial<Omit<Row<P>, "id">>

const listKey = (path: ResourcePath) => ["loyalty", path]

export function useProgramList<P extends ResourcePath>(path: P) {
  return useQuery({
    queryKey: listKey(path),
    queryFn: async () => {
      // The whole list: a program has a handful of each.
      const data = await sdk.client.fetch<Record<string, unknown> & { count: number }>(`/admin/loyalty/${path}`)
      return { rows: (data[path] ?? []) as Row<P>[], count: data.count }
    },
    retry: false,
  })
}

/** Creates (no id) or updates (id) one row; the list is fetched again after either. */
export function useSaveProgramRow<P extends ResourcePath>(path: P) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: ResourceBody<P> }) =>
      sdk.client.fetch<Record<string, Row<P>>>(id ? `/admin/loyalty/${path}/${id}` : `/admin/loyalty/${path}`, {
        method: "POST",
        body,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["loyalty"] }),
  })
}

export function useDeleteProgramRow(path: ResourcePath) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<{ id: string; deleted: boolean }>(`/admin/loyalty/${path}/${id}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["loyalty"] }),
  })
}
