import { activeCampaigns, matchingRules, type CampaignLike, type EarningRule, type RuleLine } from "../../../lib/rules"
import { earningRuleOf, type TierView } from "../../../modules/loyalty/program/records"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { ProgramSettings } from "../../../modules/loyalty"

/**
 * Everything besides the order's lines that decides what it earns, as it was
 * when the order was placed. It is kept on the earn row, so a return or
 * cancel months later recomputes with the same rate, tier, campaigns and
 * rules, not with today's.
 */
export type EarningContext = {
  earn_percent: number
  point_value: number | null
  earn_on_shipping: boolean
  earn_on_tax: boolean
  customer_group_ids: string[]
  tier: Pick<TierView, "id" | "name" | "multiplier"> | null
  campaigns: CampaignLike[]
  /** The rules that applied to some line of the order. */
  rules: EarningRule[]
  max_points_per_order: number | null
}

/** The context of an order being placed now: the program, the shopper's tier and groups, running campaigns, rules. */
export async function currentEarningContext(input: {
  loyalty: LoyaltyModuleService
  program: ProgramSettings
  currency_code: string
  customer_id: string | null
  customer_group_ids: string[]
  placed_at: Date
  lines: RuleLine[]
}): Promise<{ context: EarningContext; balance: number }> {
  const { loyalty, program } = input
  const [tiers, campaigns, rules, accounts] = await Promise.all([
    loyalty.listRecords("tier"),
    loyalty.listRecords("campaign"),
    loyalty.listRecords("rule"),
    input.customer_id ? loyalty.listLoyaltyAccounts({ customer_id: input.customer_id }) : Promise.resolve([]),
  ])
  const account = accounts[0]
  const tier = tiers.find((candidate) => candidate.id === account?.tier_id) ?? null
  const earningRules = rules.map(earningRuleOf)
  const applied = new Set(input.lines.flatMap((line) => matchingRules(line, input.customer_group_ids, earningRules)))
  return {
    context: {
      earn_percent: Number(program.earn_percent),
      point_value: program.point_values[input.currency_code] ?? null,
      earn_on_shipping: program.earn_on_shipping,
      earn_on_tax: program.earn_on_tax,
      customer_group_ids: input.customer_group_ids,
      tier: tier && { id: tier.id, name: tier.name, multiplier: tier.multiplier },
      campaigns: activeCampaigns(campaigns, input.placed_at, input.customer_group_ids),
      rules: earningRules.filter((rule) => applied.has(rule)),
      max_points_per_order: program.max_points_per_order,
    },
    // Pending points count: they become spendable later.
    balance: account ? Number(account.balance) + Number(account.pending) : 0,
  }
}

/**
 * The context an earn row recorded. Rows from before rules existed recorded
 * only the rate: they recompute with no tier, campaign or rule, as they were earned.
 */
export function recordedEarningContext(details: Record<string, any>): EarningContext {
  if (details.context) {
    return details.context as EarningContext
  }
  return {
    earn_percent: Number(details.earn_percent),
    point_value: details.point_value ?? null,
    earn_on_shipping: Boolean(details.earn_on_shipping),
    earn_on_tax: Boolean(details.earn_on_tax),
    customer_group_ids: [],
    tier: null,
    campaigns: [],
    rules: [],
    max_points_per_order: null,
  }
}
