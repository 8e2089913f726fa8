import { campaignError, earningRuleError, tierError } from "../../../lib/rules"
import { earningRuleOf, type RecordKind, type RecordView } from "./records"

/**
 * Why a record cannot be saved beside the others of its kind, naming the
 * field; null when it can. `record` is the whole record after the change.
 */
export const RECORD_CHECKS: {
  [K in RecordKind]: (record: RecordView[K], others: RecordView[K][]) => string | null
} = {
  tier: (tier, others) => tierError(tier, others),
  // Workflow inputs arrive serialized: dates may be strings here.
  campaign: (campaign) =>
    campaignError({
      ...campaign,
      starts_at: new Date(campaign.starts_at),
      ends_at: campaign.ends_at === null || campaign.ends_at === undefined ? null : new Date(campaign.ends_at),
    }),
  rule: (rule, others) => {
    const error = earningRuleError(earningRuleOf(rule))
    if (error) {
      return error
    }
    const same = others.find((other) => other.target_type === rule.target_type && other.target_id === rule.target_id)
    return same ? `target_id: ${rule.target_type} ${rule.target_id} already has a rule (${same.id}); edit that one` : null
  },
}

/** The service's generated methods for each kind, and the order lists come in. */
export const RECORD_MODELS: {
  [K in RecordKind]: { list: string; create: string; update: string; delete: string; order: Record<string, "ASC" | "DESC"> }
} = {
  tier: {
    list: "listLoyaltyTiers",
    create: "createLoyaltyTiers",
    update: "updateLoyaltyTiers",
    delete: "deleteLoyaltyTiers",
    order: { min_points: "ASC" },
  },
  campaign: {
    list: "listLoyaltyCampaigns",
    create: "createLoyaltyCampaigns",
    update: "updateLoyaltyCampaigns",
    delete: "deleteLoyaltyCampaigns",
    order: { starts_at: "DESC", id: "ASC" },
  },
  rule: {
    list: "listLoyaltyRules",
    create: "createLoyaltyRules",
    update: "updateLoyaltyRules",
    delete: "deleteLoyaltyRules",
    order: { target_type: "ASC", created_at: "ASC" },
  },
}

export const RECORD_NAMES: Record<RecordKind, string> = { tier: "Tier", campaign: "Campaign", rule: "Rule" }
