import { Text } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { REFERRAL_FILTERS, type ReferralFilter, referralListQuery } from "../lib/referral-queue"
import { FILTER_ALL, FilterSelect } from "./filter-select"
import { ReferralRefusalsTable } from "./referral-refusals-table"
import { ReferralSites } from "./referral-sites"
import { ReferralsTable } from "./referrals-table"

/** The Referrals tab: the referrals (or the refused claims) of the chosen view, then the referring sites. */
export const ReferralsTab = () => {
  const { t } = useTranslation()
  const [filter, setFilter] = useState<ReferralFilter>(FILTER_ALL)
  return (
    <div>
      <div className="flex items-center justify-between gap-4 px-6 py-4">
        <Text size="small" className="text-ui-fg-subtle">
          {t(filter === "refused" ? "loyalty.referrals.refused_intro" : "loyalty.referrals.intro")}
        </Text>
        <FilterSelect
          label={t("loyalty.referrals.filter")}
          allLabel={t("loyalty.referrals.all")}
          className="w-56"
          value={filter}
          options={REFERRAL_FILTERS.map((value) => ({ value, label: t(`loyalty.referrals.filters.${value}`) }))}
          onChange={(value) => setFilter(value as ReferralFilter)}
        />
      </div>
      {/* Keyed by the view: a new view starts on its first page. */}
      {filter === "refused" ? <ReferralRefusalsTable /> : <ReferralsTable key={filter} query={referralListQuery(filter)} />}
      <ReferralSites />
    </div>
  )
}
