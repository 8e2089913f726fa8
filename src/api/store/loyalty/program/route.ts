import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { LOYALTY_MODULE } from "../../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../../types/loyalty"
import { activeCampaigns } from "../../../../lib/rules"

/** The part of the program a storefront shows: how points are earned and spent. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const loyalty: ILoyaltyModuleService = req.scope.resolve(LOYALTY_MODULE)
  const [settings, tiers, campaigns] = await Promise.all([
    loyalty.getProgramSettings(),
    loyalty.listRecords("tier"),
    loyalty.listRecords("campaign"),
  ])
  res.json({
    program: {
      enabled: settings.enabled,
      earn_percent: settings.earn_percent,
      point_values: settings.point_values,
      max_redeem_percent: settings.max_redeem_percent,
      min_redeem_points: settings.min_redeem_points,
      pending_days: settings.pending_days,
      expiry_days: settings.expiry_days,
      // Shoppers are told how long they may stay away before their points lapse.
      inactivity_days: settings.inactivity_days,
      welcome_bonus: settings.welcome_bonus,
      birthday_bonus: settings.birthday_bonus,
      newsletter_bonus: settings.newsletter_bonus,
      order_bonus: settings.order_bonus,
      achievements: settings.achievements,
      max_points_per_order: settings.max_points_per_order,
      tier_window_days: settings.tier_window_days,
      // What a shopper is promised for inviting a friend; caps, flags and review stay the store's.
      referrals: {
        enabled: settings.enabled && settings.referrals.enabled,
        referrer_points: settings.referrals.referrer_points,
        referrer_percent: settings.referrals.referrer_percent,
        referee_points: settings.referrals.referee_points,
        every_order_days: settings.referrals.every_order_days,
        min_order_amount: settings.referrals.min_order_amount,
        coupon: settings.referrals.coupon,
      },
      tiers,
      // Running now for everyone; group campaigns are the store's to announce to their groups.
      campaigns: activeCampaigns(campaigns, new Date()).filter((c) => !c.customer_group_ids.length),
    },
  })
}
