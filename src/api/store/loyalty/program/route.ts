import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { LOYALTY_MODULE } from "../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"

/** The part of the program a storefront shows: how points are earned and spent. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const loyalty: LoyaltyModuleService = req.scope.resolve(LOYALTY_MODULE)
  const settings = await loyalty.getProgramSettings()
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
      tiers: [],
      campaigns: [],
    },
  })
}
