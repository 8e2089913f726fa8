import type { IPromotionModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { REFERRAL_COUPON_CAMPAIGN, referralCouponOf } from "../../../lib/referral-coupon"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"
import { bringCouponsInStep, setReferralCouponsRunning } from "../referral-coupons"

const PAGE = 100

/**
 * Keeps every referral coupon in step with the program's `referrals.coupon`:
 * switched off (or referrals off), the campaign ends and no code discounts;
 * changed, each coupon made under the old setting gets the new discount, a
 * page at a time. It writes the saved setting, read anew, so two runs at once
 * agree. No compensation: it follows the saved settings, whatever ran before.
 */
export const syncReferralCouponsStep = createStep("loyalty-sync-referral-coupons", async (_input: void, { container }) => {
  const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  const promotions: IPromotionModuleService = container.resolve(Modules.PROMOTION)
  const [campaign] = await promotions.listCampaigns({ campaign_identifier: [REFERRAL_COUPON_CAMPAIGN] })
  if (!campaign) {
    return new StepResponse({ changed: 0 })
  }
  const coupon = referralCouponOf((await loyalty.getProgramSettings()).referrals)
  await setReferralCouponsRunning(container, campaign, Boolean(coupon))
  let changed = 0
  for (let skip = 0; coupon; skip += PAGE) {
    const page = await promotions.listPromotions({ campaign_id: campaign.id } as any, { take: PAGE, skip, order: { id: "ASC" } })
    changed += await bringCouponsInStep(container, page, coupon)
    if (page.length < PAGE) {
      break
    }
  }
  return new StepResponse({ changed })
})
