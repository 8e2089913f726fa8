import { keepPreviousData, useQueries, useQuery } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import type { RuleTargetType } from "./program-rules"

export type TargetOption = { value: string; label: string }

const PICKER_SIZE = 50

/** One page of a target type's records through the admin API, optionally by id or search. */
async function listTargets(type: RuleTargetType, query: { q?: string; id?: string[] }): Promise<TargetOption[]> {
  const params = { ...query, limit: query.id ? query.id.length : PICKER_SIZE }
  switch (type) {
    case "product": {
      const { products } = await sdk.admin.product.list({ ...params, fields: "id,title" })
      return products.map((p) => ({ value: p.id, label: p.title }))
    }
    case "category": {
      const { product_categories } = await sdk.admin.productCategory.list({ ...params, fields: "id,name" })
      return product_categories.map((c) => ({ value: c.id, label: c.name }))
    }
    case "collection": {
      const { collections } = await sdk.admin.productCollection.list({ ...params, fields: "id,title" })
      return collections.map((c) => ({ value: c.id, label: c.title }))
    }
    case "customer_group": {
      const { customer_groups } = await sdk.admin.customerGroup.list({ ...params, fields: "id,name" })
      return customer_groups.map((g) => ({ value: g.id, label: g.name ?? g.id }))
    }
  }
}

/** What a rule's target picker offers for a search. */
export function useTargetOptions(type: RuleTargetType, q: string) {
  return useQuery({
    queryKey: ["loyalty", "rule-targets", type, q],
    queryFn: () => listTargets(type, { q: q.trim() || undefined }),
    placeholderData: keepPreviousData,
  })
}

/** Names for the targets of listed rules, one request per target type. */
export function useTargetLabels(targets: { target_type: RuleTargetType; target_id: string }[]) {
  const byType = new Map<RuleTargetType, string[]>()
  for (const { target_type, target_id } of targets) {
    byType.set(target_type, [...new Set([...(byType.get(target_type) ?? []), target_id])])
  }
  const results = useQueries({
    queries: [...byType].map(([type, ids]) => ({
      queryKey: ["loyalty", "rule-target-labels", type, ids],
      queryFn: () => listTargets(type, { id: ids }),
    })),
  })
  return new Map(results.flatMap((result) => (result.data ?? []).map((option) => [option.value, option.label] as const)))
}

/** Customer groups for pickers (campaigns, group rules). */
export function useCustomerGroupOptions() {
  return useQuery({
    queryKey: ["loyalty", "customer-groups"],
    queryFn: () => sdk.admin.customerGroup.list({ limit: 100, fields: "id,name" }),
    select: (data) => data.customer_groups.map((g) => ({ value: g.id, label: g.name ?? g.id })),
  })
}
