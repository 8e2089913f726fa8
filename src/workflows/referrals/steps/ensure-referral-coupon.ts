import type { IPromotionModuleService } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { couponCodeCandidates, referralCouponOf } from "../../../lib/referral-coupon"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"
import {
  bringCouponsInStep,
  referralCouponCampaign,
  referralCouponMetadata,
  referralCouponPromotion,
  setReferralCouponsRunning,
} from "../referral-coupons"

/**
 * The referrer's coupon code, made on first need while referral coupons are
 * on (null while they are off, or before the shopper has a referral code).
 * Its code is the shopper's referral code unless another promotion has it
 * (then CODE-REF, CODE-REF2…). Idempotent without a lock: Medusa's promotion
 * codes are unique, candidates are tried in one order, and a request that
 * loses the race to create a code finds it is this referrer's and takes it.
 * No compensation: a coupon made is the referrer's and a later run reuses it.
 */
export const ensureReferralCouponStep = createStep(
  "loyalty-ensure-referral-coupon",
  async (input: { customer_id: string }, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const coupon = referralCouponOf((await loyalty.getProgramSettings()).referrals)
    const [account] = await loyalty.listLoyaltyAccounts({ customer_id: input.customer_id })
    if (!coupon || !account?.referral_code) {
      return new StepResponse(null)
    }
    const promotions: IPromotionModuleService = container.resolve(Modules.PROMOTION)
    const campaign = await referralCouponCampaign(container)
    // Settings given as plugin options change without the settings workflow: catch up here.
    await setReferralCouponsRunning(container, campaign, true)
    const referrer = { account_id: account.id, customer_id: input.customer_id, referral_code: account.referral_code }
    const candidates = couponCodeCandidates(account.referral_code)
    const byCode = async (codes: string[]) => new Map((await promotions.listPromotions({ code: codes })).map((p: any) => [p.code, p]))
    const mine = (promotion: any) => referralCouponMetadata(promotion).loyalty_referrer_account_id === account.id

    const existing = await byCode(candidates)
    const own = candidates.map((code) => existing.get(code)).find((promotion) => promotion && mine(promotion))
    if (own) {
      await bringCouponsInStep(container, [own], coupon)
      return new StepResponse(own.code as string)
    }
    for (const code of candidates) {
      if (existing.has(code)) {
        continue
      }
      try {
        const [created] = await promotions.createPromotions([referralCouponPromotion(code, campaign.id, coupon, referrer) as any])
        return new StepResponse(created.code as string)
      } catch (error) {
        const winner = (await byCode([code])).get(code)
        if (!winner) {
          throw error
        }
        if (mine(winner)) {
          return new StepResponse(winner.code as string)
        }
      }
    }
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `Every coupon code for the referral code ${account.referral_code} is another promotion's`)
  }
)
