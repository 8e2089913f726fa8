import { Badge, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { LoyaltyAccount } from "../hooks/customer-loyalty"

/** The shopper's tier and how far the points from orders in the tier window are from the next; nothing without tiers. */
export const TierProgress = ({ account }: { account?: LoyaltyAccount }) => {
  const { t } = useTranslation()
  if (!account || (!account.tier && !account.next_tier)) {
    return null
  }
  const tierPoints = account.tier_points ?? 0
  const missing = account.points_to_next_tier ?? 0
  const share = account.next_tier ? Math.min(100, (100 * tierPoints) / Math.max(1, tierPoints + missing)) : 100
  return (
    <div className="flex flex-col gap-2 px-6 py-4" data-testid="loyalty-tier">
      <div className="flex items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          <Text size="small" className="text-ui-fg-subtle">{t("loyalty.widget.tier")}</Text>
          {account.tier ? (
            <Badge size="2xsmall" color="purple">{`${account.tier.name} · × ${account.tier.multiplier}`}</Badge>
          ) : (
            <Text size="small">{t("loyalty.widget.no_tier")}</Text>
          )}
        </div>
        <Text size="small" className="text-ui-fg-subtle">
          {account.next_tier
            ? t("loyalty.widget.to_next_tier", { points: missing, tier: account.next_tier.name })
            : t("loyalty.widget.top_tier")}
        </Text>
      </div>
      <div
        role="progressbar"
        aria-label={t("loyalty.widget.tier")}
        aria-valuenow={Math.round(share)}
        aria-valuemin={0}
        aria-valuemax={100}
        className="bg-ui-bg-subtle h-2 w-full overflow-hidden rounded-full"
      >
        <div className="bg-ui-fg-interactive h-2" style={{ width: `${share}%` }} />
      </div>
      <Text size="xsmall" className="text-ui-fg-subtle">{t("loyalty.widget.tier_points", { points: tierPoints })}</Text>
    </div>
  )
}
