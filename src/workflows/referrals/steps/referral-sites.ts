import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { normalizeSiteOrigin } from "../../../lib/referral-site"
import { SiteFetchError } from "../../../lib/site-fetch"
import { verifySiteToken } from "../../../lib/site-verification"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService, ReviewReferralSiteInput } from "../../../types/loyalty"

/**
 * Registers the origin the shopper typed, normalized (http and names without
 * a dot only where the module option allows private origins). No
 * compensation: the workflow's only step, and a second run returns the same row.
 */
export const registerReferralSiteStep = createStep(
  "loyalty-register-referral-site",
  async (input: { customer_id: string; origin: string }, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const { allow_private_origins } = loyalty.getReferralSiteOptions()
    const normalized = normalizeSiteOrigin(input.origin, { allowHttp: allow_private_origins })
    if (normalized.error !== undefined) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, normalized.error)
    }
    return new StepResponse(await loyalty.registerReferralSite(input.customer_id, normalized.origin))
  }
)

/**
 * Fetches the shopper's site and looks for its token (lib/site-verification.ts,
 * SSRF-safe); a site without it is a 400 saying what was found where. Writes nothing.
 */
export const checkReferralSiteStep = createStep(
  "loyalty-check-referral-site",
  async (input: { customer_id: string; site_id: string }, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const site = await loyalty.retrieveOwnReferralSite(input.customer_id, input.site_id)
    if (site.status !== "pending") {
      return new StepResponse(site)
    }
    try {
      await verifySiteToken(site.origin, site.token, { allowPrivate: loyalty.getReferralSiteOptions().allow_private_origins })
    } catch (error) {
      if (error instanceof SiteFetchError) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, error.message)
      }
      throw error
    }
    return new StepResponse(site)
  }
)

/** The token was found: the site waits for an admin. Compensation: back to pending, if this run verified it. */
export const markReferralSiteVerifiedStep = createStep(
  "loyalty-mark-referral-site-verified",
  async (input: { customer_id: string; site_id: string; was: string }, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const site = await loyalty.markReferralSiteVerified(input.customer_id, input.site_id)
    return new StepResponse(site, input.was === "pending" ? site.id : null)
  },
  async (siteId, { container }) => {
    if (siteId) {
      await container.resolve<ILoyaltyModuleService>(LOYALTY_MODULE).unmarkReferralSiteVerified(siteId)
    }
  }
)

/** An admin's decision on a site. No compensation: the workflow's only step; the same decision again replays. */
export const reviewReferralSiteStep = createStep(
  "loyalty-review-referral-site",
  async (input: ReviewReferralSiteInput, { container }) => {
    return new StepResponse(await container.resolve<ILoyaltyModuleService>(LOYALTY_MODULE).reviewReferralSite(input))
  }
)
